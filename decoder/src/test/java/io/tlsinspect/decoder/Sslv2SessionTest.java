package io.tlsinspect.decoder;

import static io.tlsinspect.decoder.TestConnection.C;
import static io.tlsinspect.decoder.TestConnection.S;
import static io.tlsinspect.decoder.TlsBytes.concat;
import static io.tlsinspect.decoder.TlsBytes.u16s;
import static io.tlsinspect.decoder.TlsBytes.u8;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.TlsVersion;
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

/**
 * Issue 11 acceptance 3 (SSLv2 session): whole SSL 2.0 sessions written byte by byte from the SSL 2.0
 * protocol specification (K. Hickman, Netscape, draft of Feb. 9th 1995; "draft-hickman"), not from
 * this tool's output. No stack on this machine speaks SSL 2.0 (Debian 12's OpenSSL 3 has no SSLv2 code
 * at all, GnuTLS and NSS dropped it), so there is no recording to compare with.
 */
class Sslv2SessionTest {
    /** §1.1: 2-byte header, high bit set, RECORD-LENGTH in the other 15 bits; no padding. */
    private static byte[] rec2(byte[] data) {
        return concat(u8(0x80 | (data.length >>> 8), data.length & 0xff), data);
    }

    /** §1.1: 3-byte header (high bit clear, IS-ESCAPE clear), RECORD-LENGTH, PADDING; §1.2 data. */
    private static byte[] rec3(int length, int padding) {
        return concat(u8((length >>> 8) & 0x3f, length & 0xff, padding), filled(length));
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (0x5c + i * 7); // stands for ciphertext
        }
        return b;
    }

    /**
     * §2.5 CLIENT-HELLO: MSG-CLIENT-HELLO (1), CLIENT-VERSION 0x0002 (App. C.1), CIPHER-SPECS-LENGTH 6,
     * SESSION-ID-LENGTH (0 or 16), CHALLENGE-LENGTH 16, the specs SSL_CK_DES_192_EDE3_CBC_WITH_MD5
     * (07,00,C0) and SSL_CK_RC4_128_WITH_MD5 (01,00,80) (App. C.4), the session id, the challenge.
     */
    private static byte[] clientHello(byte[] sessionId) {
        return rec2(concat(u8(1), u16s(0x0002, 6, sessionId.length, 16), u8(0x07, 0x00, 0xc0, 0x01, 0x00, 0x80),
                sessionId, filled(16)));
    }

    /**
     * §2.6 SERVER-HELLO: MSG-SERVER-HELLO (4), SESSION-ID-HIT 0, CERTIFICATE-TYPE SSL_CT_X509_CERTIFICATE
     * (1, App. C.5), SERVER-VERSION 0x0002, CERTIFICATE-LENGTH, CIPHER-SPECS-LENGTH 6, CONNECTION-ID-LENGTH
     * 16, then the certificate, the specs (DES-EDE3, RC4) and the connection-id.
     */
    private static byte[] serverHello(byte[] cert) {
        return rec2(concat(u8(4, 0, 1), u16s(0x0002, cert.length, 6, 16), cert,
                u8(0x07, 0x00, 0xc0, 0x01, 0x00, 0x80), filled(16)));
    }

    /** §2.6 with SESSION-ID-HIT set: certificate type and both lengths zero, a connection-id of 16. */
    private static byte[] serverHelloHit() {
        return rec2(concat(u8(4, 1, 0), u16s(0x0002, 0, 0, 16), filled(16)));
    }

    /**
     * §2.5 CLIENT-MASTER-KEY: MSG-CLIENT-MASTER-KEY (2), CIPHER-KIND 07,00,C0, CLEAR-KEY-LENGTH 0,
     * ENCRYPTED-KEY-LENGTH 64 (a PKCS#1 block for a 512-bit key), KEY-ARG-LENGTH 8 (DES-EDE3-CBC's IV,
     * "exactly 8 bytes long").
     */
    private static byte[] clientMasterKey() {
        return rec2(concat(u8(2, 0x07, 0x00, 0xc0), u16s(0, 64, 8), filled(64), filled(8)));
    }

    /** A fresh self-signed certificate for the SERVER-HELLO's CERTIFICATE-DATA. */
    private static byte[] certificate(String cn) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=" + cn);
        return new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(Instant.parse("2025-01-01T00:00:00Z")),
                Date.from(Instant.parse("2035-01-01T00:00:00Z")), name, kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();
    }

    @Test
    void wholeSessionIsReadToEstablished() throws Exception {
        // §2.2.1: client-hello, server-hello, client-master-key, then encrypted client-finish
        // (MAC 16 + 1 + connection-id 16 = 33, padded to 40 for the 8-byte DES block: 3-byte header,
        // PADDING 7), server-verify (16 + 1 + challenge 16 = 33 -> 40) and server-finish, then data.
        HandshakeRecord r = TestConnection.established()
                .data(C, clientHello(new byte[0]))
                .data(S, serverHello(certificate("sslv2.example")))
                .data(C, clientMasterKey())
                .data(C, rec3(40, 7))
                .data(S, concat(rec3(40, 7), rec3(40, 7)))
                .data(C, rec3(200, 3)).data(S, rec3(800, 5))
                .fin(C).fin(S).close();
        assertThat(r.outcome()).isEqualTo(Outcome.ESTABLISHED);
        assertThat(r.inferred()).isTrue();
        assertThat(r.version()).isEqualTo(TlsVersion.SSL2);
        assertThat(TlsVersion.name(r.version())).isEqualTo("SSLv2");
        assertThat(r.cipher()).isEqualTo(0x0700c0);
        assertThat(r.certificate()).isNotNull();
        assertThat(r.certificate().subject()).isEqualTo("CN=sslv2.example");
        assertThat(r.resumed()).isFalse();
        assertThat(r.clientHello().sslv2Format()).isTrue();
        assertThat(r.notes()).noneMatch(n -> n.contains("not a TLS content type"));
    }

    @Test
    void sessionIdHitIsResumedWithoutClientMasterKey() {
        // §2.2.2: client-hello with a session id, server-hello with SESSION-ID-HIT, then encrypted
        // client-finish, server-verify, server-finish (no CLIENT-MASTER-KEY).
        HandshakeRecord r = TestConnection.established()
                .data(C, clientHello(filled(16)))
                .data(S, serverHelloHit())
                .data(S, rec3(40, 7))
                .data(C, rec3(40, 7))
                .data(S, rec3(40, 7))
                .fin(C).close();
        assertThat(r.outcome()).isEqualTo(Outcome.ESTABLISHED);
        assertThat(r.version()).isEqualTo(TlsVersion.SSL2);
        assertThat(r.resumed()).isTrue();
    }

    @Test
    void clientLeavingAfterTheServerHelloAbandoned() throws Exception {
        HandshakeRecord r = TestConnection.established()
                .data(C, clientHello(new byte[0]))
                .data(S, serverHello(certificate("left.example")))
                .fin(C).close();
        assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_ABANDONED);
        assertThat(r.version()).isEqualTo(TlsVersion.SSL2);
        assertThat(r.serverHello()).isNotNull();
        assertThat(r.cipher()).isEqualTo(-1); // the client never chose one
    }

    @Test
    void serverErrorInTheClearIsAServerAlert() {
        // §2.7 ERROR: MSG-ERROR (0), ERROR-CODE 0x0001 = SSL_PE_NO_CIPHER (App. C.3), in the clear.
        HandshakeRecord r = TestConnection.established()
                .data(C, clientHello(new byte[0]))
                .data(S, rec2(u8(0, 0x00, 0x01)))
                .fin(S).close();
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(r.decisiveAlert().description()).isEqualTo("ssl2_no_cipher");
        assertThat(r.decisiveAlert().from()).isEqualTo("server");
    }

    @Test
    void clientErrorAfterTheServerHelloIsAClientAlert() throws Exception {
        // §2.3: NO-CIPHER-ERROR "is returned by the client to the server when it cannot find a cipher".
        HandshakeRecord r = TestConnection.established()
                .data(C, clientHello(new byte[0]))
                .data(S, serverHello(certificate("nocipher.example")))
                .data(C, rec2(u8(0, 0x00, 0x01)))
                .fin(C).close();
        assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_ALERT);
        assertThat(r.decisiveAlert().description()).isEqualTo("ssl2_no_cipher");
        assertThat(r.version()).isEqualTo(TlsVersion.SSL2);
    }

    @Test
    void serverClosingAfterTheMasterKeyIsServerClosed() throws Exception {
        HandshakeRecord r = TestConnection.established()
                .data(C, clientHello(new byte[0]))
                .data(S, serverHello(certificate("closed.example")))
                .data(C, clientMasterKey())
                .fin(S).close();
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_CLOSED);
        assertThat(r.cipher()).isEqualTo(0x0700c0);
    }

    @Test
    void bytesSplitAnywhereGiveTheSameSession() throws Exception {
        byte[] cert = certificate("split.example");
        for (int size : new int[] {1, 2, 3, 7, 50}) {
            HandshakeRecord r = TestConnection.established()
                    .segmented(C, clientHello(new byte[0]), size)
                    .segmented(S, serverHello(cert), size)
                    .segmented(C, concat(clientMasterKey(), rec3(40, 7)), size)
                    .segmented(S, concat(rec3(40, 7), rec3(40, 7)), size)
                    .fin(C).close();
            assertThat(r.outcome()).as("segments of %d", size).isEqualTo(Outcome.ESTABLISHED);
            assertThat(r.cipher()).as("segments of %d", size).isEqualTo(0x0700c0);
        }
    }

    @Test
    void anSslv2ServerHelloWithoutAnSslv2ClientHelloIsNotTls() {
        // A TLS ClientHello answered by bytes that look like an SSL 2.0 SERVER-HELLO: only an
        // SSLv2-format hello may be answered in SSL 2.0, so the server's stream is not TLS-framed.
        byte[] tlsHello = new TlsBytes.ClientHello().suites(0x002f).record();
        HandshakeRecord r = TestConnection.established()
                .data(C, tlsHello)
                .data(S, serverHelloHit())
                .fin(S).close();
        assertThat(r.version()).isZero();
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_CLOSED);
    }

    @Test
    void zeroLengthRecordAfterTheServerHelloIsAFramingError() throws Exception {
        // §1.1: every record has "some non-zero amount of data".
        HandshakeRecord r = TestConnection.established()
                .data(C, clientHello(new byte[0]))
                .data(S, serverHello(certificate("zero.example")))
                .data(C, u8(0x80, 0x00))
                .fin(C).close();
        assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_ABANDONED);
        assertThat(r.notes()).anyMatch(n -> n.contains("SSL 2.0 record of length 0"));
    }
}
