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
    private final List<String> notes = new ArrayList<>();

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
        if (notes.size() < MAX_NOTES) {
            notes.add(s);
        } else if (notes.size() == MAX_NOTES) {
            notes.add("(more notes left out)");
        }
    }

    List<String> notes() {
        return List.copyOf(notes);
    }
}
