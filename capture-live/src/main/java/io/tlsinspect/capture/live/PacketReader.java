package io.tlsinspect.capture.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;

/**
 * Reads a pcap handle's packets one {@code pcap_next_ex} at a time into one reused buffer: nothing is
 * allocated per packet (see {@link NativePcap} for what pcap4j's own read costs). The bytes of a packet
 * are valid until the next {@link #next}. One thread only (the capture thread), like the handle.
 */
final class PacketReader {
    static final int PACKET = 1;
    static final int NONE = 0;
    static final int END = -2;

    private final Pointer pcap;
    private final boolean nanos;
    /** The two out-parameters of pcap_next_ex, side by side, allocated once. */
    private final Memory out = new Memory(2L * Native.POINTER_SIZE);
    private final Pointer headerOut = out;
    private final Pointer dataOut = out.share(Native.POINTER_SIZE);
    /** struct pcap_pkthdr: struct timeval ts (two C longs), bpf_u_int32 caplen, bpf_u_int32 len. */
    private final int longSize = NativeLong.SIZE;
    private final byte[] header = new byte[2 * NativeLong.SIZE + 8];
    private final ByteBuffer headerView = ByteBuffer.wrap(header).order(ByteOrder.nativeOrder());
    private Pointer lastHeader;
    private Pointer lastData;

    /** The packet's bytes, from 0 for {@link #capLen}. */
    byte[] buf = new byte[2048];
    int capLen;
    int origLen;
    long tsNanos;

    /**
     * @param handle an open handle; its timestamps are nanoseconds if it was opened with
     *               {@code TimestampPrecision.NANO} and libpcap granted it, else microseconds
     */
    PacketReader(PcapHandle handle) {
        this.pcap = NativePcap.pointer(handle);
        this.nanos = handle.getTimestampPrecision() == PcapHandle.TimestampPrecision.NANO;
    }

    /**
     * @return {@link #PACKET} (read into {@link #buf}), {@link #NONE} (nothing ready) or {@link #END}
     * @throws IllegalStateException libpcap's error (-1); the caller adds {@code pcap_geterr}
     */
    int next() {
        int rc = NativePcap.pcap_next_ex(pcap, headerOut, dataOut);
        if (rc != 1) {
            if (rc == 0 || rc == END) {
                return rc;
            }
            throw new IllegalStateException("pcap_next_ex returned " + rc);
        }
        lastHeader = headerOut.getPointer(0);
        lastData = dataOut.getPointer(0);
        lastHeader.read(0, header, 0, header.length);
        long sec = longSize == 8 ? headerView.getLong(0) : headerView.getInt(0);
        long frac = longSize == 8 ? headerView.getLong(8) : headerView.getInt(4);
        int cap = headerView.getInt(2 * longSize);
        int len = headerView.getInt(2 * longSize + 4);
        if (cap < 0) {
            cap = 0; // never from libpcap, which caps caplen at its snapshot length; never index with it
        }
        if (cap > buf.length) {
            buf = new byte[Math.max(cap, buf.length * 2)]; // bounded by the snapshot length
        }
        lastData.read(0, buf, 0, cap);
        capLen = cap;
        origLen = Math.max(len, cap);
        tsNanos = sec * 1_000_000_000L + (nanos ? frac : frac * 1_000L);
        return PACKET;
    }

    /** Writes the last packet read to a pcap file as libpcap gave it (its own header: times and lengths). */
    void dumpLast(Pointer dumper) {
        NativePcap.pcap_dump(dumper, lastHeader, lastData);
    }

    static Pointer dumperPointer(PcapDumper d) {
        return NativePcap.pointer(d);
    }
}
