package io.tlsinspect.decoder.tls.handshake;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A bounded least-recently-used map from DER bytes to what was made of them once: a server presents
 * the same certificate on every connection, so its summary is computed once, not once per connection.
 * Looked up in place (the bytes are copied only when kept). Shared by the decoder threads: lookups
 * are short and synchronized, values are computed outside the lock. Bounded in entries and in bytes,
 * so hostile certificates, all different, cost a parse each but never memory.
 */
final class DerCache<V> {
    private static final class Key {
        final byte[] b;
        final int off;
        final int len;
        final int hash;

        Key(byte[] b, int off, int len, int hash) {
            this.b = b;
            this.off = off;
            this.len = len;
            this.hash = hash;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(b, off, off + len, k.b, k.off, k.off + k.len);
        }
    }

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<Key, V> map = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long misses;

    DerCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** The value for {@code b[off..off+len)}, computed with {@code compute} if it is not known. */
    V get(byte[] b, int off, int len, Supplier<V> compute) {
        int h = 1;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + b[i];
        }
        Key probe = new Key(b, off, len, h);
        synchronized (this) {
            V v = map.get(probe);
            if (v != null) {
                return v;
            }
            misses++;
        }
        V v = compute.get();
        if (len > maxBytes / 16) {
            return v; // a giant certificate: computed, not kept
        }
        Key stored = new Key(Arrays.copyOfRange(b, off, off + len), 0, len, h);
        synchronized (this) {
            V known = map.putIfAbsent(stored, v);
            if (known != null) {
                return known;
            }
            bytes += len;
            Iterator<Map.Entry<Key, V>> it = map.entrySet().iterator();
            while ((map.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
                Key k = it.next().getKey();
                if (k == stored) {
                    break;
                }
                bytes -= k.len;
                it.remove();
            }
            return v;
        }
    }

    /** Values computed so far. */
    synchronized long misses() {
        return misses;
    }
}
