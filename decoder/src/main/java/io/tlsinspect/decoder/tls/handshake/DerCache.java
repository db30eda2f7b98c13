package io.tlsinspect.decoder.tls.handshake;

import io.tlsinspect.decoder.cache.BoundedCache;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
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

    /** Reads eight bytes at a time: a certificate is a kilobyte or more, hashed once per connection. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private final BoundedCache<Key, V> cache;

    DerCache(int maxEntries, long maxBytes) {
        this.cache = new BoundedCache<>(maxEntries, maxBytes, k -> k.len);
    }

    /** The value for {@code b[off..off+len)}, computed with {@code compute} if it is not known. */
    V get(byte[] b, int off, int len, Supplier<V> compute) {
        return cache.get(new Key(b, off, len, hash(b, off, len)), k -> new Key(Arrays.copyOfRange(k.b, k.off, k.off + k.len), 0, k.len, k.hash),
                compute);
    }

    /**
     * A hash of every byte, a long at a time (equality is still confirmed byte by byte with
     * {@link Arrays#equals}, so the hash only has to spread keys, never to be exact).
     */
    static int hash(byte[] b, int off, int len) {
        long h = len * MIX;
        int i = off;
        for (int end = off + len - 7; i < end; i += 8) {
            h = Long.rotateLeft(h ^ (long) LONGS.get(b, i), 29) * MIX;
        }
        for (int end = off + len; i < end; i++) {
            h = Long.rotateLeft(h ^ (b[i] & 0xff), 29) * MIX;
        }
        h ^= h >>> 32;
        return (int) (h ^ (h >>> 16));
    }

    /** Values computed so far. */
    long misses() {
        return cache.misses();
    }
}
