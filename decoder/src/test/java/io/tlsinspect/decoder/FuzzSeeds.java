package io.tlsinspect.decoder;

import static io.tlsinspect.testkit.CaptureBytes.LINK_ETHERNET;
import static io.tlsinspect.testkit.CaptureBytes.LINK_NULL;
import static io.tlsinspect.testkit.CaptureBytes.LINK_RAW;
import static io.tlsinspect.testkit.CaptureBytes.LINK_SLL;
import static io.tlsinspect.testkit.CaptureBytes.LINK_SLL2;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.tls.handshake.Sslv2ClientHelloParserTest;
import io.tlsinspect.testkit.CaptureBytes;
import io.tlsinspect.testkit.CaptureBytes.Packet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the seed corpus of both fuzz targets from the real OpenSSL transcripts in
 * {@code src/test/resources/transcripts/}. The files are committed; run this again only to change
 * them (it overwrites the {@code seed-*} files and leaves the rest):
 *
 * <pre>
 *   mvn -q -pl decoder -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 *   cd decoder && java -cp target/test-classes:target/classes:../capture/target/classes:../testkit/target/classes:$(cat /tmp/cp.txt) \
 *       io.tlsinspect.decoder.FuzzSeeds src/test/resources
 * </pre>
 *
 * Seeds are named {@code seed-*}; crash inputs that the fuzzer finds land beside them as
 * {@code crash-*} and stay as regression inputs.
 */
public final class FuzzSeeds {
    static final String CONNECTION_DIR = "io/tlsinspect/decoder/ConnectionFuzzTestInputs/fuzzConnection";
    static final String CAPTURE_DIR = "io/tlsinspect/decoder/CaptureFileFuzzTestInputs/fuzzCaptureFile";
    static final List<String> TRANSCRIPTS = List.of("tls13-established", "tls12-established", "tls12-resumed",
            "tls13-hello-retry", "tls12-unknown-ca", "tls13-unknown-ca", "tls12-fallback-scsv",
            "tls12-no-shared-cipher", "plain-http");
    private static final Direction C = Direction.CLIENT_TO_SERVER;
    private static final Direction S = Direction.SERVER_TO_CLIENT;
    private static final long T0 = 1_700_000_000_000_000_000L;

    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        write(root.resolve(CONNECTION_DIR), connectionSeeds());
        write(root.resolve(CAPTURE_DIR), captureSeeds());
    }

    private static void write(Path dir, Map<String, byte[]> seeds) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
            System.out.println(dir.resolve(e.getKey()) + " " + e.getValue().length + " bytes");
        }
    }

    // ---- ConnectionFuzzTest: scripts of events ------------------------------------------------

    /** A connection script: flags and end reason, then events (see {@link ConnectionFuzzTest}). */
    static final class Script {
        private final FdpSeed seed = new FdpSeed();

        Script(int flags, EndReason reason) {
            seed.integer(0, 7, flags).integer(0, EndReason.values().length - 1, reason.ordinal());
        }

        Script data(Direction dir, byte[] b) {
            for (int i = 0; i < b.length; i += ConnectionFuzzTest.MAX_CHUNK) {
                int n = Math.min(ConnectionFuzzTest.MAX_CHUNK, b.length - i);
                event(dir, ConnectionFuzzTest.EV_DATA).integer(1, ConnectionFuzzTest.MAX_CHUNK, n);
                seed.bytes(java.util.Arrays.copyOfRange(b, i, i + n));
            }
            return this;
        }

        Script gap(Direction dir, int length) {
            event(dir, ConnectionFuzzTest.EV_GAP).integer(1, ConnectionFuzzTest.MAX_GAP, length);
            return this;
        }

        Script fin(Direction dir) {
            event(dir, ConnectionFuzzTest.EV_FIN);
            return this;
        }

        Script rst(Direction dir) {
            event(dir, ConnectionFuzzTest.EV_RST);
            return this;
        }

        /** Every step of a transcript, its segments cut to at most {@code segment} bytes if positive. */
        Script play(Transcript t, int segment) {
            for (Transcript.Step s : t.steps()) {
                switch (s.kind()) {
                    case "data" -> {
                        byte[] b = s.data();
                        int size = segment > 0 ? segment : Math.max(1, b.length);
                        for (int i = 0; i < b.length; i += size) {
                            data(s.dir(), java.util.Arrays.copyOfRange(b, i, Math.min(b.length, i + size)));
                        }
                    }
                    case "FIN" -> fin(s.dir());
                    default -> rst(s.dir());
                }
            }
            return this;
        }

        private FdpSeed event(Direction dir, int kind) {
            return seed.integer(0, 15, kind << 1 | (dir == C ? 0 : 1));
        }

        byte[] bytes() {
            return seed.toByteArray();
        }
    }

    static Map<String, byte[]> connectionSeeds() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (String name : TRANSCRIPTS) {
            m.put("seed-" + name, new Script(0, EndReason.CLOSED).play(Transcript.load(name), 0).bytes());
        }
        // Variants that reach other paths: a connection that began before the capture; a small cap
        // (records and messages larger than the buffer); 7-byte segments (records and messages split
        // across deliveries); a gap in the server's flight; an SSLv2-format hello; an idle timeout.
        m.put("seed-midstream-tls12-established",
                new Script(1, EndReason.END_OF_CAPTURE).play(Transcript.load("tls12-established"), 0).bytes());
        m.put("seed-smallcap-tls13-established",
                new Script(2, EndReason.CLOSED).play(Transcript.load("tls13-established"), 0).bytes());
        m.put("seed-segmented-tls12-unknown-ca",
                new Script(0, EndReason.CLOSED).play(Transcript.load("tls12-unknown-ca"), 7).bytes());
        Transcript ca = Transcript.load("tls13-unknown-ca");
        byte[] server = ca.stream(S);
        m.put("seed-gap-tls13-unknown-ca", new Script(0, EndReason.IDLE_TIMEOUT)
                .data(C, ca.stream(C)).data(S, java.util.Arrays.copyOf(server, 100)).gap(S, 1200)
                .data(S, java.util.Arrays.copyOfRange(server, 1300, server.length)).fin(C).bytes());
        m.put("seed-sslv2-hello", new Script(4, EndReason.IDLE_TIMEOUT)
                .data(C, Sslv2ClientHelloParserTest.record(Sslv2ClientHelloParserTest.typical())).rst(S).bytes());
        // TLS 1.2 server flights that no transcript here has: certificates with other key types
        // (Bouncy Castle parses them: EC, Ed25519, DSA, RSA-PSS) and finite-field DHE key exchange.
        byte[] hello = Transcript.load("tls12-established").steps().get(0).data();
        m.put("seed-tls12-ecdsa-cert", serverFlight(hello, 0xc02b, "EC", "SHA256withECDSA", ecdheKeyExchange()));
        m.put("seed-tls12-ed25519-cert-dhe", serverFlight(hello, 0x009e, "Ed25519", "Ed25519", dheKeyExchange()));
        m.put("seed-tls12-dsa-cert-dhe", serverFlight(hello, 0x0032, "DSA", "SHA256withDSA", dheKeyExchange()));
        m.put("seed-tls12-rsapss-cert", serverFlight(hello, 0xc02f, "RSASSA-PSS", "SHA256withRSAandMGF1",
                ecdheKeyExchange()));
        return m;
    }

    /**
     * A client's hello, then a server flight in one record: ServerHello choosing {@code suite}, a
     * Certificate with a fresh self-signed certificate of {@code keyType}, a ServerKeyExchange body,
     * ServerHelloDone; then the client sends a fatal bad_certificate alert.
     */
    private static byte[] serverFlight(byte[] clientHello, int suite, String keyType, String sigAlg, byte[] ske) {
        byte[] cert = selfSigned(keyType, sigAlg);
        byte[] flight = TlsBytes.concat(
                TlsBytes.serverHello(0x0303, TlsBytes.zeros(32), new byte[32], suite,
                        TlsBytes.ext(0xff01, TlsBytes.u8(0)), TlsBytes.ext(0x0017, new byte[0])),
                TlsBytes.handshake(11, TlsBytes.vec24(TlsBytes.vec24(cert))),
                TlsBytes.handshake(12, ske),
                TlsBytes.handshake(14, new byte[0]));
        return new Script(0, EndReason.CLOSED).data(C, clientHello).data(S, TlsBytes.record(22, 0x0303, flight))
                .data(C, TlsBytes.alert(2, 42)).fin(C).fin(S).bytes();
    }

    /** RFC 8422 §5.4: named_curve x25519, a 32-byte point, then a (fake) signature. */
    private static byte[] ecdheKeyExchange() {
        return TlsBytes.concat(TlsBytes.u8(3), TlsBytes.u16s(0x001d), TlsBytes.vec8(new byte[32]),
                TlsBytes.u16s(0x0403), TlsBytes.vec16(new byte[64]));
    }

    /** RFC 5246 §7.4.3: dh_p (2048 bits), dh_g, dh_Ys, then a (fake) signature. */
    private static byte[] dheKeyExchange() {
        byte[] p = new byte[256];
        java.util.Arrays.fill(p, (byte) 0xff);
        return TlsBytes.concat(TlsBytes.vec16(p), TlsBytes.vec16(TlsBytes.u8(2)), TlsBytes.vec16(new byte[256]),
                TlsBytes.u16s(0x0401), TlsBytes.vec16(new byte[256]));
    }

    private static byte[] selfSigned(String keyType, String sigAlg) {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance(keyType);
            if (keyType.equals("EC")) {
                g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            } else if (!keyType.equals("Ed25519")) {
                g.initialize(2048);
            }
            java.security.KeyPair kp = g.generateKeyPair();
            org.bouncycastle.asn1.x500.X500Name name =
                    new org.bouncycastle.asn1.x500.X500Name("CN=" + keyType.toLowerCase() + ".example.test");
            java.time.Instant now = java.time.Instant.parse("2024-01-01T00:00:00Z");
            org.bouncycastle.cert.X509v3CertificateBuilder b =
                    new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.TEN,
                            java.util.Date.from(now), java.util.Date.from(now.plusSeconds(86400L * 3650)), name,
                            kp.getPublic());
            b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                    new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName[] {
                        new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.dNSName,
                                keyType.toLowerCase() + ".example.test"),
                        new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress,
                                "192.0.2.1"),
                        new org.bouncycastle.asn1.x509.GeneralName(
                                org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier, "https://example.test/"),
                        new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.rfc822Name,
                                "ops@example.test")}));
            return b.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(sigAlg)
                    .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).build(kp.getPrivate()))
                    .getEncoded();
        } catch (java.security.GeneralSecurityException | java.io.IOException
                 | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- CaptureFileFuzzTest: capture files ---------------------------------------------------

    static Map<String, byte[]> captureSeeds() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-tls13-established-ether-ipv4.pcap", CaptureBytes.pcap(
                conv("tls13-established", false, 1000, 7000).packets, LINK_ETHERNET, false, false, false, 0));
        m.put("seed-tls12-established-raw-ipv6-nanos-be.pcap", CaptureBytes.pcap(
                conv("tls12-established", true, 1000, 7000).packets, LINK_RAW, true, true, false, 0));
        // Sequence numbers that wrap around 2^32 in the middle of the server's flight.
        m.put("seed-tls12-resumed-null-seqwrap.pcap", CaptureBytes.pcap(
                conv("tls12-resumed", false, 0xfffffc00, 0xfffff000).packets, LINK_NULL, false, false, false, 0));
        m.put("seed-plain-http-sll.pcap", CaptureBytes.pcap(
                conv("plain-http", false, 1000, 7000).packets, LINK_SLL, false, false, false, 0));
        // Snap length 200: every segment is cut, the rest of each is a known hole.
        m.put("seed-tls12-no-shared-cipher-snaplen.pcap", CaptureBytes.pcap(
                conv("tls12-no-shared-cipher", false, 1000, 7000).packets, LINK_ETHERNET, false, true, false, 200));
        m.put("seed-tls12-unknown-ca-vlan.pcapng", CaptureBytes.pcapng(
                conv("tls12-unknown-ca", false, 1000, 7000).packets, LINK_ETHERNET, false, true, true));
        m.put("seed-tls13-hello-retry-sll2-ipv6-be.pcapng", CaptureBytes.pcapng(
                conv("tls13-hello-retry", true, 1000, 7000).packets, LINK_SLL2, true, false, false));
        m.put("seed-two-connections-reordered.pcapng", CaptureBytes.pcapng(
                twoReordered(), LINK_ETHERNET, false, false, false));
        byte[] whole = CaptureBytes.pcap(
                conv("tls13-unknown-ca", false, 1000, 7000).packets, LINK_ETHERNET, false, false, false, 0);
        m.put("seed-tls13-unknown-ca-cut-short.pcap", java.util.Arrays.copyOf(whole, whole.length - 300));
        m.put("seed-many-connections-evicted.pcap", CaptureBytes.pcap(manyConnections(), LINK_RAW, false, false, false, 0));
        return m;
    }

    /**
     * More connections than the capture target's flow table holds: one TLS connection, then
     * handshakes from 60 more client ports (some answered, some refused, some unanswered), so the
     * table evicts, and the first connection's server answers after it was evicted.
     */
    private static List<Packet> manyConnections() {
        Transcript t = Transcript.load("tls12-fallback-scsv");
        Conversation first = new Conversation(false, 10, 40000, 1000, 7000, T0).handshake();
        first.data(C, t.steps().get(0).data());
        List<Packet> out = new ArrayList<>(first.packets);
        for (int i = 0; i < 60; i++) {
            Conversation c = new Conversation(false, 20 + i % 3, 41000 + i, 5000 * i, 9000 * i, T0 + 10_000_000L * (i + 1));
            switch (i % 3) {
                case 0 -> c.handshake().fin(C);
                case 1 -> c.handshake().rst(S);
                default -> c.handshake();
            }
            out.addAll(i % 3 == 2 ? c.packets.subList(0, 1) : c.packets);
        }
        Conversation late = new Conversation(false, 10, 40000, 1000, 7000, T0 + 900_000_000L).handshake();
        late.data(C, t.steps().get(0).data()).data(S, t.steps().get(1).data()).fin(C).fin(S);
        out.addAll(late.packets.subList(4, late.packets.size()));
        return out;
    }

    private static Conversation conv(String transcript, boolean ipv6, int clientIsn, int serverIsn) {
        return new Conversation(ipv6, 10, 50000, clientIsn, serverIsn, T0).handshake()
                .play(Transcript.load(transcript));
    }

    /**
     * Two connections from two clients, interleaved packet by packet, with a retransmitted segment,
     * two segments swapped, and one segment lost (the peer's acknowledgment covers it: a gap).
     */
    private static List<Packet> twoReordered() {
        List<Packet> a = new Conversation(false, 10, 50001, 1000, 7000, T0).handshake()
                .play(Transcript.load("tls12-fallback-scsv")).packets;
        Transcript ca = Transcript.load("tls13-unknown-ca");
        Conversation cb = new Conversation(false, 11, 50002, 40000, 90000, T0 + 100_000L).handshake();
        cb.data(C, ca.steps().get(0).data());
        byte[] flight = ca.stream(S);
        cb.data(S, java.util.Arrays.copyOf(flight, 400)).lose(S, 300)
                .data(S, java.util.Arrays.copyOfRange(flight, 700, flight.length));
        cb.data(C, new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x30}).fin(C).fin(S);
        List<Packet> b = new ArrayList<>(cb.packets);
        a = new ArrayList<>(a);
        a.add(3, a.get(3));                         // a retransmission of the ClientHello
        Packet p = b.get(4);                        // the server's first segment after its second
        b.set(4, b.get(5));
        b.set(5, p);
        List<Packet> out = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                out.add(a.get(i));
            }
            if (i < b.size()) {
                out.add(b.get(i));
            }
        }
        return out;
    }
}
