package io.tlsinspect.capture.live;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;

/**
 * The two libpcap calls of the per-packet path, bound by JNA direct mapping, and the native pointers
 * of the pcap4j handle and dumper they act on. pcap4j opens, filters, counts and closes; only the
 * reading and the writing of each packet come here.
 *
 * <p>Why: pcap4j's {@code getNextRawPacketEx} allocates two JNA {@code Memory} blocks per packet
 * (malloc, a finalizer, a synchronized registry entry) plus a copy, a {@code Timestamp} and thread-local
 * writes; a JFR profile of the capture thread at 115k packets/s put two thirds of its samples there
 * (bench/results/live-capture.md). Called directly with out-pointers allocated once, a packet costs
 * one native call and one copy into a reused buffer.
 *
 * <p>pcap4j keeps the pointers in private fields; they are read once per handle by reflection (pcap4j
 * is pinned in the parent pom, and {@code NativePcapTest} breaks if a version renames them).
 */
final class NativePcap {
    static {
        // The library pcap4j itself loads: PcapLibrary.ensureLoadable has set its name if needed.
        Native.register(NativePcap.class, NativeLibrary.getInstance(
                System.getProperty(PcapLibrary.LIB_NAME_PROPERTY, "pcap")));
    }

    private NativePcap() {
    }

    /**
     * {@code int pcap_next_ex(pcap_t *p, struct pcap_pkthdr **header, const u_char **data)}: 1 a packet,
     * 0 none ready (non-blocking or timeout), -1 an error, -2 the end of a saved file.
     */
    static native int pcap_next_ex(Pointer p, Pointer header, Pointer data);

    /** {@code void pcap_dump(u_char *dumper, const struct pcap_pkthdr *h, const u_char *sp)}. */
    static native void pcap_dump(Pointer dumper, Pointer header, Pointer data);

    /** The {@code pcap_t *} of an open handle. */
    static Pointer pointer(PcapHandle h) {
        return field(PcapHandle.class, "handle", h);
    }

    /** The {@code pcap_dumper_t *} of an open dumper. */
    static Pointer pointer(PcapDumper d) {
        return field(PcapDumper.class, "dumper", d);
    }

    private static Pointer field(Class<?> type, String name, Object o) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            Pointer p = (Pointer) f.get(o);
            if (p == null) {
                throw new IllegalStateException(type.getSimpleName() + "." + name + " is null");
            }
            return p;
        } catch (ReflectiveOperationException | ClassCastException | SecurityException e) {
            throw new IllegalStateException("this pcap4j version keeps no " + type.getSimpleName() + "." + name
                    + " pointer (tlsinspect is built for the version in its pom)", e);
        }
    }
}
