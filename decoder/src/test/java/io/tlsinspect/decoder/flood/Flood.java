package io.tlsinspect.decoder.flood;

import io.tlsinspect.capture.PacketDissector;
import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.LinkTypes;
import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.capture.tcp.FlowTable;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.HandshakeDecoderFactory;
import io.tlsinspect.testkit.CaptureBytes;
import java.util.Set;

/**
 * A flood fed to the flow table and the decoder, in its own JVM (FloodMemoryTest forks it with a small
 * heap). Each connection comes from its own address, 1,000 a second of capture time, and is never
 * answered: a SYN alone ({@code syn}), or a completed handshake and half a ClientHello
 * ({@code stalled}: a record header claiming 512 bytes and 200 of them).
 *
 * <p>usage: Flood syn|stalled|heap N [measure]. Prints "records R evicted E idle I maxFlows M"; with
 * {@code measure}, flows are never evicted and it prints the heap one open flow costs instead.
 */
public final class Flood {
    private static final byte[] SERVER = CaptureBytes.addr(203, 0, 113, 1);
    private static final byte[] NONE = new byte[0];

    public static void main(String[] args) {
        if (args[0].equals("heap")) {
            System.out.println("maxMemory " + Runtime.getRuntime().maxMemory());
            return;
        }
        boolean stalled = args[0].equals("stalled");
        int n = Integer.parseInt(args[1]);
        boolean measure = args.length > 2 && args[2].equals("measure");
        CaptureStats stats = new CaptureStats();
        long[] records = new long[1];
        FlowTableConfig cfg = measure
                ? new FlowTableConfig(Set.of(443), Integer.MAX_VALUE, FlowTableConfig.DEFAULT_IDLE,
                        FlowTableConfig.DEFAULT_LINGER, FlowTableConfig.DEFAULT_STREAM_CAP)
                : FlowTableConfig.defaults(Set.of(443));
        FlowTable table = new FlowTable(cfg,
                new HandshakeDecoderFactory(r -> records[0]++, new DecoderStats()), stats);
        PacketDissector dissector = new PacketDissector(table, stats);
        Frame frame = new Frame();
        byte[] hello = new byte[205];
        hello[0] = 0x16; hello[1] = 3; hello[2] = 1; hello[3] = 2; hello[4] = 0; // handshake record of 512
        hello[5] = 1; hello[6] = 0; hello[7] = 1; hello[8] = (byte) 0xfc;        // ClientHello of 508
        hello[9] = 3; hello[10] = 3;
        long before = measure ? used() : 0;
        long ts = 1_700_000_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            ts += 1_000_000; // 1,000 connections a second
            byte[] client = CaptureBytes.addr(10, i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff);
            int port = 1024 + i % 60000;
            feed(dissector, frame, ts, CaptureBytes.ipv4(client, port, SERVER, 443, 1000, 0, CaptureBytes.SYN, NONE));
            if (stalled) {
                feed(dissector, frame, ts, CaptureBytes.ipv4(SERVER, 443, client, port, 5000, 1001,
                        CaptureBytes.SYN | CaptureBytes.ACK, NONE));
                feed(dissector, frame, ts, CaptureBytes.ipv4(client, port, SERVER, 443, 1001, 5001,
                        CaptureBytes.ACK | CaptureBytes.PSH, hello));
            }
        }
        if (measure) {
            System.out.printf("bytes per flow %d (%d flows open)%n", (used() - before) / table.size(), table.size());
        }
        table.finish();
        System.out.printf("records %d evicted %d idle %d maxFlows %d%n", records[0], stats.flowsEvicted,
                stats.flowsIdleTimeout, cfg.maxFlows());
    }

    private static void feed(PacketDissector d, Frame frame, long ts, byte[] ip) {
        frame.set(LinkTypes.RAW, ts, ip, 0, ip.length, ip.length);
        d.accept(frame);
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
