package io.tlsinspect.decoder.fingerprint;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded least-recently-used map from a key made of ints to a value computed from it once. Shared
 * by the decoder threads (lookups are short and synchronized; values are computed outside the lock,
 * so two threads may compute the same one once each). Bounded in entries and in the ints its keys
 * hold, so hostile hellos, all different, cost a computation each but never memory.
 */
final class ShapeCache<V> {
    private record Key(int[] a, int length, int hash) {
        static Key probe(int[] a, int length) {
            int h = 1;
            for (int i = 0; i < length; i++) {
                h = 31 * h + a[i];
            }
            return new Key(a, length, h);
        }

        Key copy() {
            return new Key(Arrays.copyOf(a, length), length, hash);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(a, 0, length, k.a, 0, k.length);
        }
    }

    private final int maxEntries;
    private final long maxInts;
    private final LinkedHashMap<Key, V> map = new LinkedHashMap<>(64, 0.75f, true);
    private long ints;
    private long misses;

    ShapeCache(int maxEntries, long maxInts) {
        this.maxEntries = maxEntries;
        this.maxInts = maxInts;
    }

    /** The value for {@code key}, computing it with {@code compute} on a miss. */
    V get(IntList key, java.util.function.Supplier<V> compute) {
        int length = key.size();
        Key probe = Key.probe(key.array(), length);
        synchronized (this) {
            V v = map.get(probe);
            if (v != null) {
                return v;
            }
            misses++;
        }
        V v = compute.get();
        if (length > maxInts / 16) {
            return v; // a giant hello: computed, not kept
        }
        Key stored = probe.copy();
        synchronized (this) {
            V known = map.putIfAbsent(stored, v);
            if (known != null) {
                return known;
            }
            ints += length;
            Iterator<Map.Entry<Key, V>> it = map.entrySet().iterator();
            while ((map.size() > maxEntries || ints > maxInts) && it.hasNext()) {
                Key k = it.next().getKey();
                if (k == stored) {
                    break;
                }
                ints -= k.length();
                it.remove();
            }
            return v;
        }
    }

    /** Values computed so far (for tests: a value is computed once per distinct key while it is kept). */
    synchronized long misses() {
        return misses;
    }
}
