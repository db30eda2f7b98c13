package io.tlsinspect.capture.tcp;

/**
 * TCP segments copied out of their frames so that another thread can feed them to its flow table:
 * the headers' fields in one row of ints per segment and the addresses and payload bytes in one arena. A batch is
 * filled by one thread, handed over, read by another, cleared and handed back: allocated once and
 * reused, so moving packets between threads allocates nothing per packet.
 *
 * <p>Besides the segments, a batch carries the sender's clock: the capture time and frame count it
 * had reached when it handed the batch over. A receiver that gets no segment of its own still sees
 * time advance (idle timeouts run on capture time) and learns that no frame up to that count will
 * come to it any more.
 */
public final class SegmentBatch {
    // One row of ints per segment, rows one after another: the receiver (another core) reads a batch
    // as one sequential stream, where ten parallel arrays made ten streams of cache misses.
    private static final int TS = 0; // two ints: high, low
    private static final int FRAME = 2; // two ints: high, low
    private static final int SEQ = 4;
    private static final int ACK = 5;
    /** flags in the low byte, address length above it, the segment's kind above that. */
    private static final int FLAGS_ADDR_KIND = 6;
    /** source port << 16 | destination port. */
    private static final int PORTS = 7;
    private static final int SOURCE = 8;
    private static final int PAYLOAD_LEN = 9;
    private static final int PAYLOAD_WIRE_LEN = 10;
    /** Where the segment's source address starts in the arena; destination and payload follow. */
    private static final int AT = 11;
    /** The segment's {@link TcpSegment#flowHash}, computed once by the sender. */
    private static final int HASH = 12;
    private static final int ROW = 13;

    private final int capacity;
    private final int[] rows;
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
        rows = new int[capacity * ROW];
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
        int r = count++ * ROW;
        int[] row = rows;
        row[r + TS] = (int) (s.tsNanos >>> 32);
        row[r + TS + 1] = (int) s.tsNanos;
        row[r + FRAME] = (int) (s.frameNo >>> 32);
        row[r + FRAME + 1] = (int) s.frameNo;
        row[r + SEQ] = s.seq;
        row[r + ACK] = s.ack;
        row[r + FLAGS_ADDR_KIND] = s.flags | s.addrLen << 8 | s.kind << 16;
        row[r + PORTS] = s.srcPort << 16 | s.dstPort;
        row[r + SOURCE] = s.source;
        row[r + PAYLOAD_LEN] = s.payloadLen;
        row[r + PAYLOAD_WIRE_LEN] = s.payloadWireLen;
        row[r + AT] = used;
        row[r + HASH] = flowHash;
        System.arraycopy(s.buf, s.srcAddrOff, arena, used, s.addrLen);
        System.arraycopy(s.buf, s.dstAddrOff, arena, used + s.addrLen, s.addrLen);
        System.arraycopy(s.buf, s.payloadOff, arena, used + 2 * s.addrLen, s.payloadLen);
        used += need;
    }

    /** Points {@code into} at segment {@code i}; valid until the batch is cleared. */
    public void load(int i, TcpSegment into) {
        int r = i * ROW;
        int[] row = rows;
        int fak = row[r + FLAGS_ADDR_KIND];
        int addrLen = (fak >>> 8) & 0xff;
        int at = row[r + AT];
        int ports = row[r + PORTS];
        into.buf = arena;
        into.tsNanos = (long) row[r + TS] << 32 | (row[r + TS + 1] & 0xffffffffL);
        into.frameNo = (long) row[r + FRAME] << 32 | (row[r + FRAME + 1] & 0xffffffffL);
        into.seq = row[r + SEQ];
        into.ack = row[r + ACK];
        into.flags = fak & 0xff;
        into.addrLen = addrLen;
        into.kind = fak >>> 16;
        into.srcPort = ports >>> 16;
        into.dstPort = ports & 0xffff;
        into.source = row[r + SOURCE];
        into.payloadLen = row[r + PAYLOAD_LEN];
        into.payloadWireLen = row[r + PAYLOAD_WIRE_LEN];
        into.srcAddrOff = at;
        into.dstAddrOff = at + addrLen;
        into.payloadOff = at + 2 * addrLen;
    }

    /** Segment {@code i}'s {@link TcpSegment#flowHash}. */
    public int flowHash(int i) {
        return rows[i * ROW + HASH];
    }

    public void clear() {
        count = 0;
        used = 0;
        last = false;
    }
}
