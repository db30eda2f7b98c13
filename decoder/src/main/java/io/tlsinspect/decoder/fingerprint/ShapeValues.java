package io.tlsinspect.decoder.fingerprint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance per distinct list or fingerprint across the hello shapes (client programs share their
 * groups, point formats, signature algorithms, often their JA4...), so a hello's lists and strings are
 * already the instances the decoder's Interner keeps, and it need not copy the hello to share them.
 * Used only when a shape is computed (once per distinct hello), by every decoder thread: synchronized.
 * Bounded in entries (it starts afresh when full, which costs sharing, never correctness) and in each
 * value's size: a hostile hello's giant list is not kept, so the pool holds at most
 * {@code CAP * MAX_SIZE} elements or chars (about 5 MB of boxed ints) whatever the hellos.
 */
final class ShapeValues {
    static final int CAP = 2048;
    /** Largest value kept, in list elements plus chars: real hellos' lists are a few dozen long. */
    static final int MAX_SIZE = 128;
    private static final Map<Object, Object> POOL = new HashMap<>();

    private ShapeValues() {
    }

    private static int size(Object value) {
        if (value instanceof String str) {
            return str.length();
        }
        if (!(value instanceof List<?> l) || l.size() > MAX_SIZE) {
            return Integer.MAX_VALUE;
        }
        int n = l.size();
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i) instanceof String str) {
                n += str.length();
            }
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    static synchronized <T> T same(T value) {
        if (value == null || size(value) > MAX_SIZE) {
            return value;
        }
        Object known = POOL.get(value);
        if (known != null) {
            return (T) known;
        }
        if (POOL.size() >= CAP) {
            POOL.clear();
        }
        POOL.put(value, value);
        return value;
    }
}
