package io.tlsinspect.decoder.tls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.TlsBytes;
import io.tlsinspect.decoder.model.CertificateInfo;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The leaf summary: validity read from both time types, and once per distinct DER. */
class CertificateParserTest {
    /** A fresh self-signed EC certificate (its own key pair, so its DER is new to the cache). */
    private static byte[] certificate(String cn, Instant notBefore, Instant notAfter) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=" + cn);
        return new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(notBefore), Date.from(notAfter), name,
                kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();
    }

    /** RFC 5246 §7.4.2: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>. */
    private static byte[] message(byte[]... certs) {
        byte[][] each = new byte[certs.length][];
        for (int i = 0; i < certs.length; i++) {
            each[i] = TlsBytes.vec24(certs[i]);
        }
        return TlsBytes.vec24(TlsBytes.concat(each));
    }

    private static HandshakeMessage.Certificate parse(byte[] body) {
        return (HandshakeMessage.Certificate) CertificateParser.parse(body, 0, body.length);
    }

    @Test
    void validityIsReadFromUtcTimeAndFromGeneralizedTime() throws Exception {
        // RFC 5280 §4.1.2.5: dates through 2049 are UTCTime, from 2050 GeneralizedTime.
        Instant from = Instant.parse("2024-02-29T23:59:58Z");
        Instant to = Instant.parse("2051-06-01T12:00:00Z");
        CertificateInfo c = parse(message(certificate("times.example.test", from, to))).leaf();
        assertThat(c.notBefore()).isEqualTo("2024-02-29T23:59:58Z");
        assertThat(c.notAfter()).isEqualTo("2051-06-01T12:00:00Z");
        assertThat(c.subject()).isEqualTo("CN=times.example.test");
    }

    @Test
    void aLeafIsParsedOncePerDistinctDerWhateverItsChain() throws Exception {
        byte[] leaf = certificate("once.example.test", Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"));
        byte[] other = certificate("intermediate.example.test", Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"));
        long before = CertificateParser.leavesParsed();
        HandshakeMessage.Certificate first = parse(message(leaf));
        HandshakeMessage.Certificate again = parse(message(leaf));
        HandshakeMessage.Certificate inAChain = parse(message(leaf, other));
        assertThat(CertificateParser.leavesParsed() - before).isEqualTo(1);
        assertThat(again.leaf()).isSameAs(first.leaf());
        assertThat(inAChain.chainLength()).isEqualTo(2);
        assertThat(inAChain.leaf().chainLength()).isEqualTo(2);
        assertThat(inAChain.leaf().withChainLength(1)).isEqualTo(first.leaf());
        // The same bytes at another offset of another array are the same certificate.
        byte[] shifted = TlsBytes.concat(new byte[7], message(leaf));
        HandshakeMessage m = CertificateParser.parse(shifted, 7, shifted.length - 7);
        assertThat(((HandshakeMessage.Certificate) m).leaf()).isSameAs(first.leaf());
        assertThat(CertificateParser.leavesParsed() - before).isEqualTo(1);
    }

    @Test
    void aLeafThatIsNotACertificateIsReportedEveryTimeAndParsedOnce() {
        byte[] junk = TlsBytes.u8(0x30, 0x03, 0x02, 0x01, 0x05); // SEQUENCE { INTEGER 5 }: DER, not a certificate
        long before = CertificateParser.leavesParsed();
        for (int i = 0; i < 3; i++) {
            HandshakeMessage.Certificate c = parse(message(junk));
            assertThat(c.leaf()).isNull();
            assertThat(c.problem()).startsWith("leaf certificate: ");
        }
        assertThat(CertificateParser.leavesParsed() - before).isEqualTo(1);
    }
}
