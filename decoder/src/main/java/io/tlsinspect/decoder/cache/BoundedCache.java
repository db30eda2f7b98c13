package io.tlsinspect.decoder.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * A bounded least-recently-used map from a key to a value computed from it once (a server's
 * certificate, a client program's hello shape). Shared by the decoder threads: lookups are short and
 * synchronized, values are computed outside the lock, so two threads may compute one value once each.
 * Bounded in entries and in the total weight of the keys it keeps, so hostile input, every key
 * different, costs a computation per key but never memory. A key heavier than a sixteenth of the
 * budget is computed and not kept.
 *
 * @param <K> a key that may look at bytes it does not own (a probe); {@code keep} copies it when stored
 */
public final class BoundedCache<K, V> {
    private final int maxEntries;
    private final long maxWeight;
    private final ToLongFunction<K> weight;
    private final LinkedHashMap<K, V> map = new LinkedHashMap<>(64, 0.75f, true);
    private long total;
    private long misses;

    public BoundedCache(int maxEntries, long maxWeight, ToLongFunction<K> weight) {
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.weight = weight;
    }

    /** The value for {@code probe}, computed with {@code compute} on a miss and kept under {@code keep(probe)}. */
    public V get(K probe, UnaryOperator<K> keep, Supplier<V> compute) {
        return get(probe, keep, compute, Supplier::get);
    }

    /**
     * The same, the value computed as {@code compute.apply(arg)}: a caller on a hot path passes a
     * non-capturing function and its argument, so a hit allocates no lambda.
     */
    public <A> V get(K probe, UnaryOperator<K> keep, A arg, Function<? super A, ? extends V> compute) {
        synchronized (this) {
            V v = map.get(probe);
            if (v != null) {
                return v;
            }
            misses++;
        }
        V v = compute.apply(arg);
        long w = weight.applyAsLong(probe);
        if (w > maxWeight / 16) {
            return v;
        }
        K stored = keep.apply(probe);
        synchronized (this) {
            V known = map.putIfAbsent(stored, v);
            if (known != null) {
                return known;
            }
            total += w;
            Iterator<Map.Entry<K, V>> it = map.entrySet().iterator();
            while ((map.size() > maxEntries || total > maxWeight) && it.hasNext()) {
                K k = it.next().getKey();
                if (k == stored) {
                    break;
                }
                total -= weight.applyAsLong(k);
                it.remove();
            }
            return v;
        }
    }

    /** Values computed so far (for tests: a value is computed once per distinct key while it is kept). */
    public synchronized long misses() {
        return misses;
    }
}
