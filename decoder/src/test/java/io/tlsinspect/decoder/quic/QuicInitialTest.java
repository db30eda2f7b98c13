package io.tlsinspect.decoder.quic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsinspect.decoder.fingerprint.Ja4;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.names.TlsNames;
import io.tlsinspect.decoder.tls.handshake.ClientHelloParser;
import io.tlsinspect.decoder.tls.handshake.HandshakeMessage;
import io.tlsinspect.decoder.tls.handshake.ServerHelloParser;
import io.tlsinspect.testkit.RepoFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11, QUIC (part): the Initial packets of the quic/ recordings (ngtcp2, Chromium; QUIC v1 and
 * v2) decrypt with keys derived from the client's Destination Connection ID, their CRYPTO frames
 * reassemble to the ClientHello and ServerHello, and the hello gives the manifest's SNI, suite and JA4
 * ({@code q} prefix). The manifests were checked against tshark, which decrypts Initials itself; none
 * of the expected values comes from this code. The capture is read here by a minimal pcap/UDP reader:
 * the capture module does not hand UDP to the decoder yet.
 */
class QuicInitialTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> manifests() throws IOException {
        try (Stream<Path> s = Files.list(RepoFiles.samplesDir().resolve("quic"))) {
            return s.filter(p -> p.toString().endsWith(".manifest.json")).sorted().toList().stream();
        }
    }

    record Datagram(String src, int srcPort, String dst, int dstPort, byte[] payload) {
    }

    /** pcap (µs or ns, little-endian as tcpdump writes it), Ethernet, IPv4, UDP. */
    static List<Datagram> udp(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0) == 0xa1b2c3d4 || b.getInt(0) == 0xa1b23c4d).as("little-endian pcap").isTrue();
        assertThat(b.getInt(20)).as("Ethernet").isEqualTo(1);
        List<Datagram> out = new ArrayList<>();
        int p = 24;
        while (p + 16 <= b.limit()) {
            int caplen = b.getInt(p + 8);
            int f = p + 16;
            p = f + caplen;
            if (caplen < 14 + 20 + 8 || be16(b, f + 12) != 0x0800) {
                continue;
            }
            int ip = f + 14;
            int ihl = (b.get(ip) & 0x0f) * 4;
            if ((b.get(ip + 9) & 0xff) != 17) {
                continue;
            }
            int u = ip + ihl;
            int len = be16(b, u + 4) - 8;
            byte[] payload = new byte[len];
            b.get(u + 8, payload);
            out.add(new Datagram(addr(b, ip + 12), be16(b, u),
                    addr(b, ip + 16), be16(b, u + 2), payload));
        }
        return out;
    }

    private static int be16(ByteBuffer b, int at) {
        return ((b.get(at) & 0xff) << 8) | (b.get(at + 1) & 0xff);
    }

    private static String addr(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) + "." + (b.get(at + 1) & 0xff) + "." + (b.get(at + 2) & 0xff) + "." + (b.get(at + 3) & 0xff);
    }

    /** One QUIC connection's Initial traffic, keyed by the client's address and port. */
    static final class Conn {
        final String client;
        final String server;
        byte[] originalDcid;
        long version;
        final CryptoFrames fromClient = new CryptoFrames();
        final CryptoFrames fromServer = new CryptoFrames();
        int undecryptable;
        private boolean claimed;

        boolean claimed() {
            return claimed;
        }

        void claim() {
            claimed = true;
        }

        Conn(String client, String server) {
            this.client = client;
            this.server = server;
        }
    }

    static Map<String, Conn> connections(Path pcap) throws Exception {
        Map<String, Conn> conns = new LinkedHashMap<>();
        for (Datagram d : udp(pcap)) {
            boolean toServer = d.dstPort() == 443;
            if (!toServer && d.srcPort() != 443) {
                continue;
            }
            String key = toServer ? d.src() + ":" + d.srcPort() : d.dst() + ":" + d.dstPort();
            Conn c = conns.computeIfAbsent(key, k -> new Conn(toServer ? d.src() : d.dst(), toServer ? d.dst() : d.src()));
            byte[] b = d.payload();
            int off = 0;
            while (off < b.length && (b[off] & 0x80) != 0) {
                InitialPacket pk;
                try {
                    pk = InitialPacket.read(b, off, b.length - off, (v, dcid) -> {
                        if (c.originalDcid == null && toServer) {
                            c.originalDcid = dcid; // RFC 9001 §5.2: keys from the client's first DCID
                            c.version = v;
                        }
                        return c.originalDcid == null || !InitialKeys.supported(v) ? null
                                : InitialKeys.of(v, c.originalDcid, toServer);
                    });
                } catch (InitialPacket.Unreadable e) {
                    c.undecryptable++;
                    break;
                }
                if (pk.payload() != null) {
                    (toServer ? c.fromClient : c.fromServer).add(pk.payload());
                }
                off += pk.length();
            }
        }
        return conns;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void initialsGiveTheManifestsHellos(Path manifest) throws Exception {
        JsonNode m = JSON.readTree(manifest.toFile());
        Path pcap = manifest.getParent().resolve(m.get("files").get(0).asText());
        List<Conn> conns = new ArrayList<>(connections(pcap).values());
        SoftAssertions soft = new SoftAssertions();
        int checked = 0;
        for (JsonNode e : m.get("connections")) {
            if (!"quic".equals(e.path("transport").asText())) {
                continue;
            }
            // The manifest lists connections in order of their first packet, as this map does.
            Conn c = conns.stream().filter(x -> x.client.equals(e.get("client").asText())
                    && x.server.equals(e.get("server").asText()) && !x.claimed()).findFirst().orElse(null);
            String where = manifest.getFileName() + " " + e.get("client").asText() + " -> " + e.get("server").asText();
            soft.assertThat(c).as(where + " found").isNotNull();
            if (c == null) {
                continue;
            }
            c.claim();
            checked++;
            if (e.has("quic_version")) {
                soft.assertThat(String.format("0x%08x", c.version)).as(where + " quic_version").isEqualTo(e.get("quic_version").asText());
            }
            byte[] ch = c.fromClient.contiguous();
            if (!e.has("ja4")) {
                continue; // e.g. h3-fallback's half hellos: the manifest says none
            }
            soft.assertThat(ch.length).as(where + " ClientHello bytes").isGreaterThan(4);
            if (ch.length < 4 || (ch[0] & 0xff) != 1 || ch.length < 4 + ((ch[1] & 0xff) << 16 | (ch[2] & 0xff) << 8 | (ch[3] & 0xff))) {
                soft.fail(where + ": no whole ClientHello in the Initials");
                continue;
            }
            int len = (ch[1] & 0xff) << 16 | (ch[2] & 0xff) << 8 | (ch[3] & 0xff);
            HandshakeMessage hm = ClientHelloParser.parse(ch, 4, len, 0x0303);
            soft.assertThat(hm).as(where + " ClientHello parses").isInstanceOf(HandshakeMessage.ClientHello.class);
            if (!(hm instanceof HandshakeMessage.ClientHello hello)) {
                continue;
            }
            ClientHelloInfo info = hello.info();
            soft.assertThat(info.sni()).as(where + " sni").isEqualTo(e.path("sni").asText(null));
            // FoxIO JA4: the first character is the transport, q for QUIC; the rest as for TCP.
            soft.assertThat("q" + Ja4.of(info).substring(1)).as(where + " ja4").isEqualTo(e.get("ja4").asText());
            byte[] sh = c.fromServer.contiguous();
            if (e.hasNonNull("cipher") && sh.length > 4 && (sh[0] & 0xff) == 2) {
                int sl = (sh[1] & 0xff) << 16 | (sh[2] & 0xff) << 8 | (sh[3] & 0xff);
                if (sh.length >= 4 + sl && ServerHelloParser.parse(sh, 4, sl) instanceof HandshakeMessage.ServerHello s) {
                    ServerHelloInfo si = s.info();
                    soft.assertThat(TlsNames.cipherSuite(si.cipher())).as(where + " cipher").isEqualTo(e.get("cipher").asText());
                } else {
                    soft.fail(where + ": no ServerHello in the server's Initials");
                }
            }
            if (e.has("quic_close_error")) {
                soft.assertThat(c.fromServer.closeError()).as(where + " CONNECTION_CLOSE error").isNotNull();
                if (c.fromServer.closeError() != null) {
                    soft.assertThat("0x" + Long.toHexString(c.fromServer.closeError())).as(where + " quic_close_error")
                            .isEqualTo(e.get("quic_close_error").asText());
                }
            }
        }
        soft.assertThat(checked).as(manifest.getFileName() + " QUIC connections checked").isPositive();
        soft.assertAll();
    }
}
