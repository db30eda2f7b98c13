package io.tlsinspect.capture.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Endpoints formatted once per distinct address and port, and never a wrong one from a shared slot. */
class EndpointCacheTest {
    private static FlowKey v4(long a, int aPort, long b, int bPort) {
        FlowKey k = new FlowKey();
        k.aLo = a;
        k.bLo = b;
        k.ports = aPort << 16 | bPort;
        k.addrLen = 4;
        return k;
    }

    private static final long SERVER = 203L << 24 | 113 << 8 | 1;

    @Test
    void oneServerEndpointServesEveryConnectionToIt() {
        EndpointCache cache = new EndpointCache();
        FlowKey first = v4(10L << 24 | 1, 50000, SERVER, 443);
        FlowKey second = v4(10L << 24 | 2, 50001, SERVER, 443);
        Endpoint server = cache.of(first, false);
        assertThat(server).isEqualTo(new Endpoint("203.0.113.1", 443));
        assertThat(cache.of(second, false)).isSameAs(server);
        assertThat(cache.of(first, true)).isEqualTo(new Endpoint("10.0.0.1", 50000));
        assertThat(cache.of(second, true)).isEqualTo(new Endpoint("10.0.0.2", 50001));
        // Another port of the same address is another endpoint.
        assertThat(cache.of(v4(10L << 24 | 1, 50000, SERVER, 8443), false)).isEqualTo(new Endpoint("203.0.113.1", 8443));
    }

    @Test
    void aClientsNewPortSharesTheAddressTextOfItsEarlierConnections() {
        EndpointCache cache = new EndpointCache();
        Endpoint first = cache.of(v4(10L << 24 | 7, 50000, SERVER, 443), true);
        Endpoint retry = cache.of(v4(10L << 24 | 7, 50001, SERVER, 443), true);
        assertThat(retry).isEqualTo(new Endpoint("10.0.0.7", 50001));
        assertThat(retry.ip()).isSameAs(first.ip());
        // The same address bits with another length is another address (IPv4 0.0.0.1 and IPv6 ::1).
        assertThat(cache.address(0, 1, 4)).isEqualTo("0.0.0.1");
        assertThat(cache.address(0, 1, 16)).isEqualTo("::1");
    }

    @Test
    void manyMoreEndpointsThanSlotsAreEachRight() {
        EndpointCache cache = new EndpointCache();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5000; i++) {
                FlowKey k = v4(10L << 24 | i * 7L, 32768 + i % 20000, SERVER + i % 3, 443 + i % 2);
                assertThat(cache.of(k, true)).isEqualTo(k.endpoint(true));
                assertThat(cache.of(k, false)).isEqualTo(k.endpoint(false));
            }
        }
        FlowKey v6 = new FlowKey();
        v6.aHi = 0x20010db8_00000000L;
        v6.aLo = 1;
        v6.bLo = 1; // the same low word as an IPv4 key's address 0.0.0.1 would have: the length tells them apart
        v6.ports = 50000 << 16 | 443;
        v6.addrLen = 16;
        assertThat(cache.of(v6, true)).isEqualTo(new Endpoint("2001:db8::1", 50000));
        assertThat(cache.of(v6, false)).isEqualTo(new Endpoint("::1", 443));
        assertThat(cache.of(v4(1, 443, SERVER, 443), true)).isEqualTo(new Endpoint("0.0.0.1", 443));
        // An address with its top bit set (a negative int once in 32 bits) still reads as four octets.
        assertThat(cache.of(v4(1, 443, 0xFFFFFFFEL, 443), false)).isEqualTo(new Endpoint("255.255.255.254", 443));
        assertThat(cache.of(v4(0xC0000280L, 443, SERVER, 443), true)).isEqualTo(new Endpoint("192.0.2.128", 443));
    }
}
