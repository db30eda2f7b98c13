package io.tlsinspect.decoder.fingerprint;

import io.tlsinspect.decoder.cache.BoundedCache;
import java.util.Arrays;

/**
 * A {@link BoundedCache} keyed by a list of ints (a hello's shape), bounded in entries and in the ints
 * its keys hold, so hostile hellos, all different, cost a computation each but never memory.
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

    private final BoundedCache<Key, V> cache;

    ShapeCache(int maxEntries, long maxInts) {
        this.cache = new BoundedCache<>(maxEntries, maxInts, Key::length);
    }

    /**
     * The value for {@code key}, computed as {@code compute.apply(arg)} on a miss: callers pass a
     * non-capturing function, so a hit allocates no lambda.
     */
    <A> V get(IntList key, A arg, java.util.function.Function<? super A, ? extends V> compute) {
        return cache.get(Key.probe(key.array(), key.size()), Key::copy, arg, compute);
    }

    /** Values computed so far (for tests: a value is computed once per distinct key while it is kept). */
    long misses() {
        return cache.misses();
    }
}
