import io.tlsinspect.capture.file.CaptureFileReader;
import io.tlsinspect.capture.packet.Frame;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * DESIGN §2: the pure-Java capture reader against pcap4j's offline reading (libpcap through JNA), on
 * the same file in the same JVM. Run: java -cp cli/target/tlsinspect.jar bench/ReaderBench.java FILE
 * Prints one line per reader: name, seconds (best of 3), packets, MiB/s.
 */
public class ReaderBench {
    public static void main(String[] args) throws Exception {
        String file = args[0];
        long size = java.nio.file.Files.size(java.nio.file.Path.of(file));
        for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
            report("tlsinspect-reader", size, best(() -> ours(file)), round);
            report("pcap4j-offline", size, best(() -> pcap4j(file)), round);
        }
    }

    interface Run {
        long run() throws Exception;
    }

    static long[] best(Run r) throws Exception {
        long bestNs = Long.MAX_VALUE;
        long packets = 0;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            packets = r.run();
            bestNs = Math.min(bestNs, System.nanoTime() - t);
        }
        return new long[] {bestNs, packets};
    }

    static void report(String name, long size, long[] r, int round) {
        if (round == 0) {
            return;
        }
        double s = r[0] / 1e9;
        System.out.printf("%s\t%.3f\t%d\t%.1f%n", name, s, r[1], size / 1048576.0 / s);
    }

    static long ours(String file) throws Exception {
        long n = 0;
        long sum = 0;
        try (CaptureFileReader r = CaptureFileReader.open(file)) {
            Frame f = new Frame();
            while (r.next(f)) {
                n++;
                sum += f.buf[f.off]; // touch the packet like a consumer would
            }
        }
        return n + (sum & 0);
    }

    static long pcap4j(String file) throws Exception {
        long n = 0;
        long sum = 0;
        try (PcapHandle h = Pcaps.openOffline(file)) {
            byte[] p;
            while (true) {
                try {
                    p = h.getNextRawPacketEx();
                } catch (java.io.EOFException e) {
                    break;
                }
                n++;
                sum += p[0];
            }
        }
        return n + (sum & 0);
    }
}
