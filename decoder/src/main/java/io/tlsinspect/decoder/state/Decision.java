package io.tlsinspect.decoder.state;

import io.tlsinspect.decoder.model.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection's outcome, decided once by the first decisive event (DESIGN §4), with the plain
 * remarks that explain it. Notes are capped so hostile input cannot grow them.
 */
final class Decision {
    static final int MAX_NOTES = 16;

    private Outcome outcome;
    private long tsNanos;
    private boolean inferred;
    /**
     * The first note, and the list of all made only at a second: most connections get just the one
     * that explains their outcome (issue 9: a list per connection was a tenth of the decoder's garbage).
     */
    private String first;
    private List<String> notes;

    /** As made (a pooled tracker's, see {@link HandshakeTracker#restart}). */
    void reset() {
        outcome = null;
        tsNanos = 0;
        inferred = false;
        first = null;
        notes = null;
    }

    boolean decided() {
        return outcome != null;
    }

    Outcome outcome() {
        return outcome;
    }

    long tsNanos() {
        return tsNanos;
    }

    /**
     * Decides if nothing has yet; later calls are ignored (the first decisive event wins).
     *
     * @return whether this call decided
     */
    boolean decide(Outcome o, long ts, String why) {
        if (outcome != null) {
            return false;
        }
        outcome = o;
        tsNanos = ts;
        if (why != null) {
            note(why);
        }
        return true;
    }

    void markInferred() {
        inferred = true;
    }

    boolean inferred() {
        return inferred;
    }

    void note(String s) {
        if (first == null) {
            first = s;
            return;
        }
        if (notes == null) {
            notes = new ArrayList<>();
            notes.add(first);
        }
        if (notes.size() < MAX_NOTES) {
            notes.add(s);
        } else if (notes.size() == MAX_NOTES) {
            notes.add("(more notes left out)");
        }
    }

    /**
     * {@code notes}, as {@link #notes} gave them, with {@code s} added as {@link #note} adds it (under the
     * same cap): for facts fixed already ({@link SettledHandshake}). Rare (an internal error), so replayed.
     */
    static List<String> withNote(List<String> notes, String s) {
        Decision d = new Decision();
        for (int i = 0; i < notes.size(); i++) {
            d.note(notes.get(i));
        }
        d.note(s);
        return d.notes();
    }

    List<String> notes() {
        return notes != null ? List.copyOf(notes) : first != null ? List.of(first) : List.of();
    }

    /** {@link #notes}, one list per distinct content of the decoder thread (see {@link Interner#notes}). */
    List<String> notes(Interner in) {
        return notes != null ? in.notes(notes) : first != null ? in.note(first) : List.of();
    }
}
