package io.tlsinspect.capture.tcp;

/**
 * TCP segments copied out of their frames so that another thread can feed them to its flow table:
 * the headers' fields in parallel arrays and the addresses and payload bytes in one arena. A batch is
 * filled by one thread, handed over, read by another, cleared and handed back: allocated once and
 * reused, so moving packets between threads allocates nothing per packet.
 *
 * <p>Besides the segments, a batch carries the sender's clock: the capture time and frame count it
 * had reached when it handed the batch over. A receiver that gets no segment of its own still sees
 * time advance (idle timeouts run on capture time) and learns that no frame up to that count will
 * come to it any more.
 */
public final class SegmentBatch {
    private final int capacity;
    private final long[] ts;
    private final long[] frame;
    private final int[] seq;
    private final int[] ack;
    /** flags in the low byte, address length above it, the segment's kind above that. */
    private final int[] flagsAndAddrLen;
    /** source port << 16 | destination port. */
    private final int[] ports;
    private final int[] source;
    /** The segment's {@link TcpSegment#flowHash}, computed once by the sender. */
    private final int[] hash;
    private final int[] payloadLen;
    private final int[] payloadWireLen;
    /** Where the segment's source address starts in the arena; destination and payload follow. */
    private final int[] at;
    private byte[] arena;
    private int used;
    private int count;

    /** Capture time (ns) the sender had reached when it handed this batch over. */
    public long clockNanos;
    /** Frames the sender had read when it handed this batch over: later frames have higher numbers. */
    public long frames;
    /** The input ended: this is the last batch. */
    public boolean last;

    /**
     * @param capacity segments per batch
     * @param arenaBytes bytes for addresses and payloads; a single larger segment grows it
     */
    public SegmentBatch(int capacity, int arenaBytes) {
        this.capacity = capacity;
        ts = new long[capacity];
        frame = new long[capacity];
        seq = new int[capacity];
        ack = new int[capacity];
        flagsAndAddrLen = new int[capacity];
        ports = new int[capacity];
        source = new int[capacity];
        hash = new int[capacity];
        payloadLen = new int[capacity];
        payloadWireLen = new int[capacity];
        at = new int[capacity];
        arena = new byte[arenaBytes];
    }

    public int size() {
        return count;
    }

    /** True if the segment can be added without passing the capacity (an empty batch takes any). */
    public boolean fits(TcpSegment s) {
        return count == 0 || count < capacity && used + bytes(s) <= arena.length;
    }

    private static int bytes(TcpSegment s) {
        return 2 * s.addrLen + s.payloadLen;
    }

    /** Copies the segment in; call only if {@link #fits}. */
    public void add(TcpSegment s) {
        add(s, s.flowHash());
    }

    /** Copies the segment in with its {@link TcpSegment#flowHash}; call only if {@link #fits}. */
    public void add(TcpSegment s, int flowHash) {
        int need = bytes(s);
        if (used + need > arena.length) { // only for the first segment of a batch: one bigger than the arena
            arena = new byte[need];
        }
        int i = count++;
        ts[i] = s.tsNanos;
        frame[i] = s.frameNo;
        seq[i] = s.seq;
        ack[i] = s.ack;
        flagsAndAddrLen[i] = s.flags | s.addrLen << 8 | s.kind << 16;
        ports[i] = s.srcPort << 16 | s.dstPort;
        source[i] = s.source;
        hash[i] = flowHash;
        payloadLen[i] = s.payloadLen;
        payloadWireLen[i] = s.payloadWireLen;
        at[i] = used;
        System.arraycopy(s.buf, s.srcAddrOff, arena, used, s.addrLen);
        System.arraycopy(s.buf, s.dstAddrOff, arena, used + s.addrLen, s.addrLen);
        System.arraycopy(s.buf, s.payloadOff, arena, used + 2 * s.addrLen, s.payloadLen);
        used += need;
    }

    /** Points {@code into} at segment {@code i}; valid until the batch is cleared. */
    public void load(int i, TcpSegment into) {
        int addrLen = (flagsAndAddrLen[i] >>> 8) & 0xff;
        into.buf = arena;
        into.srcAddrOff = at[i];
        into.dstAddrOff = at[i] + addrLen;
        into.addrLen = addrLen;
        into.srcPort = ports[i] >>> 16;
        into.dstPort = ports[i] & 0xffff;
        into.seq = seq[i];
        into.ack = ack[i];
        into.flags = flagsAndAddrLen[i] & 0xff;
        into.kind = flagsAndAddrLen[i] >>> 16;
        into.payloadOff = at[i] + 2 * addrLen;
        into.payloadLen = payloadLen[i];
        into.payloadWireLen = payloadWireLen[i];
        into.tsNanos = ts[i];
        into.source = source[i];
        into.frameNo = frame[i];
    }

    /** Segment {@code i}'s {@link TcpSegment#flowHash}. */
    public int flowHash(int i) {
        return hash[i];
    }

    public void clear() {
        count = 0;
        used = 0;
        last = false;
    }
}
