package io.tlsinspect.decoder.cache;

import java.util.function.LongFunction;

/**
 * One text per distinct key for notes made from a few numbers (an alert's sender, level and
 * description; a record's length): the same few values come on connection after connection, and
 * building the text again each time was most of the decoder threads' string garbage (issue 9).
 * The text must be a function of the key alone, so a hit gives what building it would have.
 *
 * <p>Direct-mapped and fixed in size (a new key takes its slot), so hostile input, every key different,
 * costs a text per note as before but never memory. Shared by the decoder threads without a lock: a
 * slot holds an immutable entry, so a thread sees a whole entry or none, and a race only builds one
 * text twice.
 */
public final class NoteCache {
    private record Entry(long key, String text) {
    }

    private final Entry[] slots;
    private final int shift;
    private final LongFunction<String> make;

    /**
     * @param slots a power of two
     * @param make  the text of a key; a function of the key alone
     */
    public NoteCache(int slots, LongFunction<String> make) {
        if (Integer.bitCount(slots) != 1 || slots < 2) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.slots = new Entry[slots];
        this.shift = 64 - Integer.numberOfTrailingZeros(slots);
        this.make = make;
    }

    /** The text of {@code key}: the one kept in its slot when that is the key's, else made now and kept. */
    public String of(long key) {
        int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
        Entry e = slots[slot];
        if (e != null && e.key == key) {
            return e.text;
        }
        String text = make.apply(key);
        slots[slot] = new Entry(key, text);
        return text;
    }
}
