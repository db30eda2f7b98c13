package io.tlsinspect.capture.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * The flow table's HashMap must not make trees of its buckets: a bucket of 8 keys or more becomes a
 * tree (HashMap's TREEIFY_THRESHOLD), and a FlowKey is not Comparable, so a lookup then walks it. The
 * keys here are the bench's (bench/make-big-pcap.py): copies of one recording whose client addresses
 * differ by a multiple of 128 in 10.0.0.0/8 and keep the recording's ports, all to 203.0.113.1:443.
 */
class FlowKeyHashTest {
    private static final int BUCKETS = 16384; // the table's size for about 12k open flows
    private static final int TREEIFY_THRESHOLD = 8;

    /** The same bucket HashMap picks: the hash spread by its upper half, masked by the table size. */
    private static int bucket(int h) {
        return (h ^ (h >>> 16)) & (BUCKETS - 1);
    }

    private static int fullestBucket(ToIntFunction<long[]> hash) {
        Random rnd = new Random(7);
        long server = 203L << 24 | 113 << 8 | 1;
        Map<Integer, Integer> counts = new HashMap<>();
        for (int client = 0; client < 16; client++) {
            for (int p = 0; p < 60; p++) {
                int port = 32768 + rnd.nextInt(28000);
                for (int copy = 0; copy < 12; copy++) {
                    long addr = 10L << 24 | (copy * 88L * 128 + client);
                    long[] key = {0, addr, 0, server, (long) port << 16 | 443};
                    counts.merge(bucket(hash.applyAsInt(key)), 1, Integer::sum);
                }
            }
        }
        return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    @Test
    void copiedClientsSpreadOverTheBuckets() {
        int fullest = fullestBucket(k -> FlowKey.hash(k[0], k[1], k[2], k[3], (int) k[4]));
        assertThat(fullest).isLessThan(TREEIFY_THRESHOLD);
    }

    @Test
    void theOldPolynomialHashMadeTreesOfTheseKeys() {
        // The hash before issue 9's read-phase work, kept here to show the keys above are a real test.
        int fullest = fullestBucket(k -> {
            long h = k[0] * 31 + k[1];
            h = h * 31 + k[2];
            h = h * 31 + k[3];
            h = h * 31 + (int) k[4];
            return (int) (h ^ (h >>> 32));
        });
        assertThat(fullest).isGreaterThanOrEqualTo(TREEIFY_THRESHOLD);
    }
}
