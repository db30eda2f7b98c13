package io.tlsinspect.capture.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.stats.CaptureStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The flow table's index against a HashMap, through random adds and removes (removal moves entries back). */
class FlowMapTest {
    private static FlowKey key(long client, int port) {
        FlowKey k = new FlowKey();
        k.aLo = client;
        k.bLo = 203L << 24 | 113 << 8 | 1;
        k.ports = port << 16 | 443;
        k.addrLen = 4;
        // The real hash, but few distinct values: runs of equal hashes and long probe runs get tested too.
        k.hashForTest(FlowKey.hash(0, client % 97, 0, 0, port % 13));
        return k;
    }

    private static Flow flow(FlowKey k) {
        return new Flow(k, 1, true, false, 0, "", 1024, new CaptureStats(), false, new EndpointCache());
    }

    @Test
    void agreesWithAHashMapThroughAddsAndRemoves() {
        FlowMap map = new FlowMap();
        Map<FlowKey, Flow> expected = new HashMap<>();
        List<Flow> live = new ArrayList<>();
        Map<Flow, FlowKey> keyOf = new IdentityHashMap<>(); // a flow keeps its tuple's fields, not the key
        Random rnd = new Random(11);
        for (int step = 0; step < 50_000; step++) {
            if (live.isEmpty() || rnd.nextInt(100) < 52) {
                FlowKey k = key(rnd.nextInt(5000), 1024 + rnd.nextInt(60000));
                if (expected.containsKey(k)) {
                    continue;
                }
                Flow f = flow(k);
                map.add(f);
                expected.put(k, f);
                live.add(f);
                keyOf.put(f, k);
            } else {
                Flow f = live.remove(rnd.nextInt(live.size()));
                map.remove(f);
                FlowKey k = keyOf.remove(f);
                expected.remove(k);
                assertThat(map.get(k)).isNull();
            }
            if (step % 1000 == 0) {
                assertThat(map.size()).isEqualTo(expected.size());
                for (Map.Entry<FlowKey, Flow> e : expected.entrySet()) {
                    assertThat(map.get(e.getKey())).isSameAs(e.getValue());
                }
            }
        }
        for (Flow f : live) {
            map.remove(f);
        }
        assertThat(map.size()).isZero();
        map.remove(flow(key(1, 2))); // not there: nothing happens
        assertThat(map.size()).isZero();
    }
}
