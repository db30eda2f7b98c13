package io.tlsinspect.capture.tcp;

/**
 * Endpoints in text form, made once per distinct address and port while they keep coming: a server's
 * address is the same on thousands of connections, and a client's on each of its retries, so most
 * records need no formatting of their own. Direct-mapped and fixed in size (a new endpoint replaces
 * whichever shared its slot), so it costs the same however many addresses a capture holds. One per
 * flow table, so one thread.
 *
 * <p>Addresses are kept apart from ports too: a client's port is new on every connection, but its
 * address is not, so a new client endpoint shares the address text made for the client's earlier
 * connections (issue 9: formatting it was three objects of garbage per connection, and two more for
 * every young collection to copy while the connection was open).
 */
final class EndpointCache {
    private static final int SLOTS = 1024;

    private final long[] hi = new long[SLOTS];
    private final long[] lo = new long[SLOTS];
    /** Port in the low 16 bits, the address length above: never 0 for a filled slot. */
    private final int[] portLen = new int[SLOTS];
    private final Endpoint[] values = new Endpoint[SLOTS];
    // The address level, keyed by address and length only.
    private final long[] addrHi = new long[SLOTS];
    private final long[] addrLo = new long[SLOTS];
    /** The address length: never 0 for a filled slot. */
    private final int[] addrLens = new int[SLOTS];
    private final String[] addrs = new String[SLOTS];

    /** Endpoint "a" or "b" of the key (see {@link FlowKey#endpoint}). */
    Endpoint of(FlowKey k, boolean a) {
        return a ? of(k.aHi, k.aLo, k.ports >>> 16, k.addrLen) : of(k.bHi, k.bLo, k.ports & 0xffff, k.addrLen);
    }

    /** The endpoint at this address (as a {@link FlowKey} holds it) and port. */
    Endpoint of(long h, long l, int port, int addrLen) {
        int tag = addrLen << 16 | port;
        int slot = slot(h, l, port);
        Endpoint e = values[slot];
        if (e != null && portLen[slot] == tag && lo[slot] == l && hi[slot] == h) {
            return e;
        }
        e = new Endpoint(address(h, l, addrLen), port);
        hi[slot] = h;
        lo[slot] = l;
        portLen[slot] = tag;
        values[slot] = e;
        return e;
    }

    /** The text of the address (as a {@link FlowKey} holds it), the same instance as last time where kept. */
    String address(long h, long l, int addrLen) {
        int slot = slot(h, l, addrLen);
        String a = addrs[slot];
        if (a != null && addrLens[slot] == addrLen && addrLo[slot] == l && addrHi[slot] == h) {
            return a;
        }
        a = FlowKey.address(h, l, addrLen);
        addrHi[slot] = h;
        addrLo[slot] = l;
        addrLens[slot] = addrLen;
        addrs[slot] = a;
        return a;
    }

    /** The slot of an address (two longs) and a small number mixed in: the top 10 bits, 1024 slots. */
    private static int slot(long h, long l, int extra) {
        long m = (h ^ l * 0x9E3779B97F4A7C15L) + extra;
        return (int) ((m ^ (m >>> 29)) * 0xBF58476D1CE4E5B9L >>> 54);
    }
}
