package io.tlsinspect.capture.samples;

import io.tlsinspect.capture.CaptureRunner;
import io.tlsinspect.capture.InputTally;
import io.tlsinspect.capture.PacketDissector;
import io.tlsinspect.capture.file.CaptureFileReader;
import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.ConnectionListener;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.capture.tcp.FlowTable;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** A plain read of a capture: each connection's TCP facts and a digest of its bytes (the files: {@link io.tlsinspect.testkit.RepoFiles}). */
public final class SampleCaptures {
    private SampleCaptures() {
    }

    /**
     * One connection as the flow table saw it: TCP facts plus a digest of each direction's bytes (for
     * a UDP flow, issue 11, the datagrams' payloads in order).
     */
    public record Conn(String client, String server, long clientPackets, long serverPackets,
                       long clientBytes, long serverBytes, String clientSha, String serverSha, int gaps,
                       String end, boolean udp) {
    }

    public static List<Conn> read(Path file, Set<Integer> ports) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), ports);
        }
    }

    public static List<Conn> read(byte[] file, Set<Integer> ports) throws IOException {
        return read(new ByteArrayInputStream(file), "bytes", ports);
    }

    private static List<Conn> read(InputStream in, String name, Set<Integer> ports) throws IOException {
        List<Conn> out = new ArrayList<>();
        CaptureStats stats = new CaptureStats();
        FlowTable table = new FlowTable(FlowTableConfig.defaults(ports), info -> new Digesting(out), stats);
        try (CaptureFileReader r = CaptureFileReader.open(in, name)) {
            CaptureRunner.run(r, new PacketDissector(table, stats), List.of(new InputTally(name)), () -> false, null);
        }
        table.finish();
        out.sort((a, b) -> 0);
        return out;
    }

    /** Records a connection's facts and a SHA-256 of each direction's reassembled bytes. */
    private static final class Digesting implements ConnectionListener {
        private final List<Conn> out;
        private final MessageDigest[] md = {sha(), sha()};
        private long id;

        Digesting(List<Conn> out) {
            this.out = out;
        }

        private static MessageDigest sha() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean onData(Direction dir, long ts, long at, byte[] b, int off, int len) {
            md[dir.ordinal()].update(b, off, len);
            return true;
        }

        @Override
        public void onDatagram(Direction dir, long ts, byte[] b, int off, int len) {
            md[dir.ordinal()].update(b, off, len);
        }

        @Override
        public void onClose(ConnectionInfo i, EndReason reason, long ts) {
            Direction c = Direction.CLIENT_TO_SERVER;
            Direction s = Direction.SERVER_TO_CLIENT;
            out.add(new Conn(i.client().toString(), i.server().toString(), i.packets(c), i.packets(s),
                    i.payloadBytes(c), i.payloadBytes(s), HexFormat.of().formatHex(md[0].digest()),
                    HexFormat.of().formatHex(md[1].digest()), i.gaps(c) + i.gaps(s), reason.name(), i.udp()));
        }
    }
}
