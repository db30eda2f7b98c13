package io.tlsinspect.decoder.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DerCacheTest {
    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + 7 * i);
        }
        return b;
    }

    @Test
    void theHashDependsOnTheBytesNotOnWhereTheyLie() {
        byte[] der = bytes(37, 3);
        byte[] shifted = new byte[der.length + 5];
        System.arraycopy(der, 0, shifted, 5, der.length);
        assertEquals(DerCache.hash(der, 0, der.length), DerCache.hash(shifted, 5, der.length));
    }

    @Test
    void everyByteChangesTheHash() {
        // 37 bytes: four whole longs and a five-byte tail, so both loops are covered.
        byte[] der = bytes(37, 3);
        int h = DerCache.hash(der, 0, der.length);
        for (int i = 0; i < der.length; i++) {
            byte[] other = der.clone();
            other[i] ^= 1;
            assertNotEquals(h, DerCache.hash(other, 0, other.length), "byte " + i);
        }
        assertNotEquals(h, DerCache.hash(der, 0, der.length - 1), "length");
    }

    @Test
    void aCertificateSeenAgainIsNotComputedAgain() {
        DerCache<String> cache = new DerCache<>(16, 1 << 20);
        AtomicInteger computed = new AtomicInteger();
        byte[] der = bytes(1200, 9);
        byte[] elsewhere = new byte[1300];
        System.arraycopy(der, 0, elsewhere, 100, der.length);
        assertEquals("v", cache.get(der, 0, der.length, () -> "v" + "".repeat(computed.incrementAndGet() - 1)));
        assertEquals("v", cache.get(elsewhere, 100, der.length, () -> "w" + computed.incrementAndGet()));
        assertEquals(1, computed.get());
        byte[] changed = der.clone();
        changed[1199] ^= 1;
        assertEquals("x", cache.get(changed, 0, changed.length, () -> "x" + "".repeat(computed.incrementAndGet() - 2)));
        assertEquals(2, computed.get());
    }
}
