package io.tlsinspect.decoder.quic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.capture.tcp.Endpoint;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.state.Interner;
import io.tlsinspect.testkit.RepoFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the QUIC listener on the real ngtcp2 datagrams (their expected values are the manifest's,
 * written from tshark), its bound on decryption, and hostile datagrams: mutated real packets never
 * make it throw or count an internal error, they are counted as unreadable.
 */
class QuicConnectionDecoderTest {

    /** A UDP flow's facts, as the flow table would give them. */
    static final class Flow implements ConnectionInfo {
        final long[] packets = new long[2];
        @Override public long id() { return 7; }
        @Override public Endpoint client() { return new Endpoint("198.51.100.11", 51218); }
        @Override public Endpoint server() { return new Endpoint("203.0.113.2", 443); }
        @Override public boolean midStream() { return false; }
        @Override public boolean synSeen() { return false; }
        @Override public boolean synAckSeen() { return false; }
        @Override public int synCount() { return 0; }
        @Override public long firstTsNanos() { return 1; }
        @Override public long lastTsNanos() { return 2; }
        @Override public long packets(Direction dir) { return packets[dir.ordinal()]; }
        @Override public long payloadBytes(Direction dir) { return 0; }
        @Override public long finTsNanos(Direction dir) { return 0; }
        @Override public long rstTsNanos(Direction dir) { return 0; }
        @Override public int gaps(Direction dir) { return 0; }
        @Override public String source() { return "test"; }
        @Override public boolean udp() { return true; }
    }

    static List<QuicInitialTest.Datagram> ngtcp2(String client) throws Exception {
        List<QuicInitialTest.Datagram> out = new ArrayList<>();
        for (QuicInitialTest.Datagram d : QuicInitialTest.udp(RepoFiles.samplesDir().resolve("quic/ngtcp2.pcap"))) {
            if (d.src().equals(client) || d.dst().equals(client)) {
                out.add(d);
            }
        }
        return out;
    }

    static HandshakeRecord play(List<QuicInitialTest.Datagram> ds, DecoderStats stats, String client) {
        List<HandshakeRecord> out = new ArrayList<>();
        QuicConnectionDecoder d = new QuicConnectionDecoder(new Flow(), out::add, stats, new Interner());
        for (QuicInitialTest.Datagram x : ds) {
            Direction dir = x.src().equals(client) ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
            d.onDatagram(dir, 1, x.payload(), 0, x.payload().length);
        }
        d.onClose(new Flow(), EndReason.END_OF_CAPTURE, 3);
        d.onClose(new Flow(), EndReason.END_OF_CAPTURE, 3); // exactly one record
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void theRefusedHandshakeGivesTheManifestsAlertAndDecryptsOnlyUntilTheHellosAreKnown() throws Exception {
        DecoderStats stats = new DecoderStats();
        HandshakeRecord r = play(ngtcp2("198.51.100.11"), stats, "198.51.100.11");
        // ngtcp2.manifest.json: server_alert handshake_failure, CONNECTION_CLOSE 0x128, sni refuse.example.test
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(r.decisiveAlert().description()).isEqualTo("handshake_failure");
        assertThat(r.decisiveAlert().from()).isEqualTo("server");
        assertThat(r.transport().quicCloseError()).isEqualTo(0x128L);
        assertThat(r.serverName()).isEqualTo("refuse.example.test");
        // one client Initial and one server Initial (tshark: 1 frame each way), each decrypted once
        assertThat(stats.get(Counter.QUIC_INITIALS_DECRYPTED)).isEqualTo(2);
        assertThat(stats.get(Counter.LISTENER_ERRORS)).isZero();
    }

    @Test
    void anEstablishedConnectionsOneRttPacketsAreNotDecrypted() throws Exception {
        DecoderStats stats = new DecoderStats();
        List<QuicInitialTest.Datagram> ds = ngtcp2("198.51.100.10");
        HandshakeRecord r = play(ds, stats, "198.51.100.10");
        assertThat(r.outcome()).isEqualTo(Outcome.ESTABLISHED);
        // 9 datagrams (tshark conv,udp: 5 + 4); fewer Initials decrypted than datagrams, and none after
        // the ServerHello: the server's first datagram holds it
        assertThat(stats.get(Counter.QUIC_INITIALS_DECRYPTED)).isLessThanOrEqualTo(3);
        assertThat(ds).hasSize(9);
    }

    @Test
    void mutatedRealDatagramsAreCountedNeverThrown() throws Exception {
        List<List<QuicInitialTest.Datagram>> flows = List.of(ngtcp2("198.51.100.10"), ngtcp2("198.51.100.11"));
        Random rnd = new Random(11);
        DecoderStats stats = new DecoderStats();
        for (int round = 0; round < 300; round++) {
            List<QuicInitialTest.Datagram> ds = new ArrayList<>();
            List<QuicInitialTest.Datagram> real = flows.get(round % 2);
            for (QuicInitialTest.Datagram d : real) {
                byte[] b = d.payload().clone();
                int cut = rnd.nextInt(4) == 0 ? rnd.nextInt(b.length + 1) : b.length;
                for (int i = 0; i < 1 + rnd.nextInt(8); i++) {
                    if (b.length > 0) {
                        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                ds.add(new QuicInitialTest.Datagram(d.src(), d.srcPort(), d.dst(), d.dstPort(),
                        java.util.Arrays.copyOf(b, cut)));
            }
            play(ds, stats, real.get(0).src());
        }
        assertThat(stats.get(Counter.LISTENER_ERRORS)).as("internal errors").isZero();
        assertThat(stats.get(Counter.QUIC_UNREADABLE)).as("unreadable packets counted").isPositive();
    }
}
