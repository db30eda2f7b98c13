package io.tlsinspect.capture.packet;

/**
 * One captured frame, viewed in place: the bytes live in {@link #buf} from {@link #off} for
 * {@link #capLen} bytes and are only valid until the source reads the next frame. Mutable and reused
 * on purpose: the hot path allocates nothing per packet.
 */
public final class Frame {
    /** LINKTYPE_ value (https://www.tcpdump.org/linktypes.html). */
    public int linkType;
    /** Nanoseconds since the Unix epoch. */
    public long tsNanos;
    public byte[] buf;
    public int off;
    /** Bytes captured (may be less than {@link #origLen} when cut by the snapshot length). */
    public int capLen;
    /** Length of the packet on the wire. */
    public int origLen;
    /** Index of the input this frame came from (for several files read as one). */
    public int source;
    /**
     * The file dated this packet far from the packets around it; {@link #tsNanos} is then the time of
     * the packet before it (see CaptureFileReader). Counted, never used to move the clock.
     */
    public boolean timeOutlier;

    public void set(int linkType, long tsNanos, byte[] buf, int off, int capLen, int origLen) {
        this.linkType = linkType;
        this.tsNanos = tsNanos;
        this.buf = buf;
        this.off = off;
        this.capLen = capLen;
        this.origLen = origLen;
        this.timeOutlier = false;
    }

    /** Copies this frame's bytes so the copy outlives the source's next read. */
    public Frame copy() {
        Frame f = new Frame();
        byte[] b = new byte[capLen];
        System.arraycopy(buf, off, b, 0, capLen);
        f.set(linkType, tsNanos, b, 0, capLen, origLen);
        f.source = source;
        f.timeOutlier = timeOutlier;
        return f;
    }
}
