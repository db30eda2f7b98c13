package io.tlsinspect.capture.live;

import io.tlsinspect.capture.ip.AddressFormat;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/** The interfaces libpcap can capture on ({@code pcap_findalldevs}). */
public final class CaptureDevices {
    /** One device as {@code tlsinspect interfaces} shows it. */
    public record Device(String name, String description, List<String> addresses, boolean loopback,
                         boolean up, boolean running) {
    }

    private CaptureDevices() {
    }

    public static List<Device> list() throws LiveCaptureException {
        PcapLibrary.ensureLoadable();
        List<PcapNetworkInterface> nifs;
        try {
            nifs = Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            throw new LiveCaptureException(LiveCaptureException.Kind.CAPTURE_FAILED,
                    "cannot list interfaces: " + LiveErrors.clean(e.getMessage()));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new LiveCaptureException(LiveCaptureException.Kind.LIBRARY_MISSING, PcapLibrary.missingMessage());
        }
        List<Device> out = new ArrayList<>();
        for (PcapNetworkInterface n : nifs) {
            List<String> addrs = new ArrayList<>();
            for (PcapAddress a : n.getAddresses()) {
                InetAddress ia = a.getAddress();
                if (ia != null) {
                    byte[] raw = ia.getAddress(); // RFC 5952 form, as in reports ("fe80::fc:ff:fe00:1")
                    addrs.add(AddressFormat.format(raw, 0, raw.length));
                }
            }
            out.add(new Device(n.getName(), n.getDescription(), List.copyOf(addrs), n.isLoopBack(), n.isUp(),
                    n.isRunning()));
        }
        return out;
    }

    /** Device names for error messages; empty when even listing fails (the open error says why). */
    static List<String> namesOrEmpty() {
        try {
            return list().stream().map(Device::name).toList();
        } catch (LiveCaptureException e) {
            return List.of();
        }
    }

    /**
     * Fails with the list of devices when {@code iface} is not one of them. Checked before opening
     * because an unprivileged open reports "permission denied" even for a typo, and the operator should
     * fix the typo first.
     */
    static void requireExists(String iface) throws LiveCaptureException {
        List<String> names = list().stream().map(Device::name).toList();
        if (!names.isEmpty() && !names.contains(iface)) {
            throw LiveErrors.noSuchInterface(iface, names);
        }
    }
}
