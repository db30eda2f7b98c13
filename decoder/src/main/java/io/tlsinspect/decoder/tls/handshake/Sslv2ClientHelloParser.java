package io.tlsinspect.decoder.tls.handshake;

import io.tlsinspect.decoder.fingerprint.Fingerprints;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.decoder.tls.Bytes;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HandshakeType;

/**
 * SSLv2-format ClientHello (RFC 5246 App. E.2, RFC 6101 App. E): after the 2-byte record header,
 * msg_type(1) = 1, version(2), cipher_spec_length(2), session_id_length(2), challenge_length(2),
 * cipher_specs (3 bytes each), session_id, challenge. No extensions exist in this format.
 */
public final class Sslv2ClientHelloParser {
    private Sslv2ClientHelloParser() {
    }

    public static HandshakeMessage parse(byte[] b, int off, int len) {
        try {
            return new HandshakeMessage.ClientHello(Fingerprints.withFingerprints(read(b, off, len)));
        } catch (Reader.Malformed e) {
            return new HandshakeMessage.Malformed(HandshakeType.client_hello, "SSLv2 ClientHello: " + e.getMessage());
        }
    }

    private static ClientHelloInfo read(byte[] b, int off, int len) throws Reader.Malformed {
        Reader r = new Reader(b, off, len);
        if (r.u8("msg_type") != 1) {
            throw new Reader.Malformed("msg_type is not client_hello");
        }
        int version = r.u16("version");
        int specLen = r.u16("cipher_spec_length");
        int sidLen = r.u16("session_id_length");
        int chLen = r.u16("challenge_length");
        // RFC 5246 App. E.2: cipher_spec_length is a multiple of 3 (V2CipherSpec is 3 bytes);
        // session_id_length is 0 or 16; challenge_length is 16..32 (RFC 6101 App. E.1 allows 16..32).
        if (specLen == 0 || specLen % 3 != 0) {
            throw new Reader.Malformed("cipher_spec_length " + specLen + " is not a positive multiple of 3");
        }
        if (sidLen != 0 && sidLen != 16) {
            throw new Reader.Malformed("session_id_length " + sidLen + " is neither 0 nor 16");
        }
        if (chLen < 16 || chLen > 32) {
            throw new Reader.Malformed("challenge_length " + chLen + " outside 16..32");
        }
        r.need(specLen + sidLen + chLen, "cipher_specs, session_id and challenge");
        List<Integer> suites = new ArrayList<>(specLen / 3);
        boolean fallback = false;
        boolean reneg = false;
        for (int i = 0; i < specLen / 3; i++) {
            int hi = r.u8("cipher_spec");
            int code = r.u16("cipher_spec");
            // RFC 5246 App. E.2: V2CipherSpecs whose first byte is zero carry TLS suites; the others
            // are SSLv2-only kinds, kept as their 24-bit code.
            int suite = hi == 0 ? code : (hi << 16) | code;
            suites.add(suite);
            fallback |= suite == CipherSuite.TLS_FALLBACK_SCSV;
            reneg |= suite == CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV;
        }
        String sessionId = Bytes.hex(b, r.pos, sidLen);
        r.skip(sidLen + chLen, "session_id and challenge");
        r.expectAt(r.limit, "SSLv2 ClientHello");
        return new ClientHelloInfo(TlsVersion.SSL2, version, List.of(), version, true, List.copyOf(suites),
                fallback, reneg, sessionId, false, false, null, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), null, null, null);
    }
}
