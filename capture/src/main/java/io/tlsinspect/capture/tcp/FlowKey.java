package io.tlsinspect.capture.tcp;

import io.tlsinspect.capture.ip.AddressFormat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 4-tuple of a connection, normalised so both directions find the same key. Addresses are kept
 * as two longs each (IPv4 in the low word), which makes hashing and comparing cheap. A mutable
 * instance is reused to probe the table; a {@link Flow} keeps the fields (not the object) of the
 * key it was made from.
 */
final class FlowKey {
    long aHi;
    long aLo;
    long bHi;
    long bLo;
    int ports; // (port of a << 16) | port of b
    int addrLen;
    /** Issue 11: a UDP flow, so a TCP connection and a UDP flow on the same 4-tuple stay apart. */
    boolean udp;
    private int hash;

    /**
     * Loads the segment's endpoints; returns true if the source is endpoint "a" (the lower one).
     *
     * @param hash the segment's {@link #hashOf}, computed once per segment by whoever saw it first
     */
    boolean load(TcpSegment s, int hash) {
        long sHi = addrHi(s.buf, s.srcAddrOff, s.addrLen);
        long sLo = addrLo(s.buf, s.srcAddrOff, s.addrLen);
        long dHi = addrHi(s.buf, s.dstAddrOff, s.addrLen);
        long dLo = addrLo(s.buf, s.dstAddrOff, s.addrLen);
        boolean srcIsA = sourceIsA(sHi, sLo, dHi, dLo, s.srcPort, s.dstPort);
        if (srcIsA) {
            aHi = sHi; aLo = sLo; bHi = dHi; bLo = dLo;
            ports = s.srcPort << 16 | s.dstPort;
        } else {
            aHi = dHi; aLo = dLo; bHi = sHi; bLo = sLo;
            ports = s.dstPort << 16 | s.srcPort;
        }
        addrLen = s.addrLen;
        udp = !s.isTcp();
        this.hash = hash;
        return srcIsA;
    }

    /** The hash of the key that {@link #load} makes of this segment: the same in both directions. */
    static int hashOf(TcpSegment s) {
        long sHi = addrHi(s.buf, s.srcAddrOff, s.addrLen);
        long sLo = addrLo(s.buf, s.srcAddrOff, s.addrLen);
        long dHi = addrHi(s.buf, s.dstAddrOff, s.addrLen);
        long dLo = addrLo(s.buf, s.dstAddrOff, s.addrLen);
        int h = sourceIsA(sHi, sLo, dHi, dLo, s.srcPort, s.dstPort)
                ? hash(sHi, sLo, dHi, dLo, s.srcPort << 16 | s.dstPort)
                : hash(dHi, dLo, sHi, sLo, s.dstPort << 16 | s.srcPort);
        return s.isTcp() ? h : h ^ 0x5bd1e995;
    }

    /** The lower endpoint (address, then port) is "a", so both directions make the same key. */
    private static boolean sourceIsA(long sHi, long sLo, long dHi, long dLo, int sPort, int dPort) {
        int c = Long.compareUnsigned(sHi, dHi);
        if (c == 0) {
            c = Long.compareUnsigned(sLo, dLo);
        }
        if (c == 0) {
            c = Integer.compare(sPort, dPort);
        }
        return c <= 0;
    }

    /**
     * Every bit of the tuple reaches every bit of the hash. A polynomial with 31 (as before) left
     * addresses that differ in a few bits (clients numbered in one subnet) on few HashMap buckets:
     * buckets of 8 and more were made trees, and looking a flow up cost a walk of the tree on every
     * segment. A multiply by the golden ratio per word and murmur3's 64-bit finaliser spread them.
     */
    static int hash(long aHi, long aLo, long bHi, long bLo, int ports) {
        long h = aHi;
        h = h * GOLDEN + aLo;
        h = h * GOLDEN + bHi;
        h = h * GOLDEN + bLo;
        h = h * GOLDEN + (ports & 0xffffffffL);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) (h ^ (h >>> 32));
    }

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** Sets the hash (tests of the flow index that want collisions). */
    void hashForTest(int h) {
        hash = h;
    }

    /** Endpoint "a" or "b" in its usual text form, made from the key (so a flow need not keep it). */
    Endpoint endpoint(boolean a) {
        return a ? endpoint(aHi, aLo, ports >>> 16, addrLen) : endpoint(bHi, bLo, ports & 0xffff, addrLen);
    }

    /** An address as a key holds it (two longs) and a port, in their usual text form. */
    static Endpoint endpoint(long hi, long lo, int port, int addrLen) {
        return new Endpoint(address(hi, lo, addrLen), port);
    }

    /** The text of an address as a key holds it (two longs, as {@link #load} reads them). */
    static String address(long hi, long lo, int addrLen) {
        if (addrLen == 4) { // the address is the low 32 bits of lo: no scratch array for most flows
            return AddressFormat.ipv4((int) lo);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return AddressFormat.format(b, 0, addrLen);
    }

    private static long addrHi(byte[] b, int off, int len) {
        return len == 4 ? 0 : readLong(b, off);
    }

    private static long addrLo(byte[] b, int off, int len) {
        return len == 4 ? (readInt(b, off) & 0xffffffffL) : readLong(b, off + 8);
    }

    private static long readLong(byte[] b, int i) {
        return (long) I64.get(b, i);
    }

    private static int readInt(byte[] b, int i) {
        return (int) I32.get(b, i);
    }

    /** Addresses in network byte order, read as one load each. */
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && k.aLo == aLo && k.bLo == bLo && k.ports == ports
                && k.aHi == aHi && k.bHi == bHi && k.addrLen == addrLen && k.udp == udp;
    }
}
