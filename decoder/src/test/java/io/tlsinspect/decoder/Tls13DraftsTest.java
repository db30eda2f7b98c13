package io.tlsinspect.decoder;

import static io.tlsinspect.decoder.TestConnection.C;
import static io.tlsinspect.decoder.TestConnection.S;
import static io.tlsinspect.decoder.TlsBytes.ccs;
import static io.tlsinspect.decoder.TlsBytes.concat;
import static io.tlsinspect.decoder.TlsBytes.ext;
import static io.tlsinspect.decoder.TlsBytes.handshake;
import static io.tlsinspect.decoder.TlsBytes.opaque;
import static io.tlsinspect.decoder.TlsBytes.record;
import static io.tlsinspect.decoder.TlsBytes.serverHello;
import static io.tlsinspect.decoder.TlsBytes.sni;
import static io.tlsinspect.decoder.TlsBytes.u16s;
import static io.tlsinspect.decoder.TlsBytes.u8;
import static io.tlsinspect.decoder.TlsBytes.vec16;
import static io.tlsinspect.decoder.TlsBytes.vec8;
import static io.tlsinspect.decoder.TlsBytes.zeros;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 acceptance 3 (part): the TLS 1.3 draft ServerHello layouts and the compatibility-mode echo,
 * from bytes written by the drafts' own §4.1.3, not from this tool's output.
 */
class Tls13DraftsTest {
    private static final byte[] RANDOM = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            RANDOM[i] = (byte) (0x40 + i);
        }
    }

    private static byte[] clientHello(int version, byte[] sessionId) {
        return new TlsBytes.ClientHello().suites(0x1301, 0xc02f).sessionId(sessionId).ext(sni("draft.example"))
                .ext(ext(43, vec8(u16s(version, 0x0303)))).record();
    }

    /**
     * draft-ietf-tls-tls13-18 §4.1.3: {@code struct { ProtocolVersion version; Random random; CipherSuite
     * cipher_suite; Extension extensions<0..2^16-1>; } ServerHello;} — no session ID, no compression;
     * key_share was extension 40 then (§4.2).
     */
    private static byte[] draft18ServerHello() {
        return handshake(2, concat(u16s(0x7f12), RANDOM, u16s(0x1301),
                vec16(ext(40, concat(u16s(0x001d), vec16(zeros(32)))))));
    }

    @Test
    void draft18LayoutIsReadAndApplicationDataBothWaysIsEstablished() {
        // Draft 18 protects the rest of the server's flight and the client's Finished (53 bytes
        // with AES-128-GCM/SHA-256: 4 + 32 + 1 + 16), as RFC 8446 does; no CCS before draft 22.
        HandshakeRecord r = TestConnection.established()
                .data(C, clientHello(0x7f12, new byte[0]))
                .data(S, concat(record(22, 0x0301, draft18ServerHello()), opaque(23, 27), opaque(23, 800),
                        opaque(23, 280), opaque(23, 53)))
                .data(C, opaque(23, 53)).data(C, opaque(23, 120)).data(S, opaque(23, 300))
                .fin(C).close();
        assertThat(r.serverHello()).isNotNull();
        assertThat(r.version()).isEqualTo(0x7f12);
        assertThat(r.cipher()).isEqualTo(0x1301);
        assertThat(r.outcome()).isEqualTo(Outcome.ESTABLISHED);
        assertThat(r.resumed()).isFalse();
    }

    @Test
    void draft23CompatibilityEchoIsNotResumption() {
        // draft-ietf-tls-tls13-23 §4.1.3 and Appendix D.4: legacy_version 0x0303, the client's
        // legacy_session_id echoed, supported_versions selecting 0x7f17 (§4.2.1), then a CCS.
        byte[] sid = new byte[32];
        java.util.Arrays.fill(sid, (byte) 0x5a);
        byte[] sh = serverHello(0x0303, RANDOM, sid, 0x1301, ext(43, u16s(0x7f17)),
                ext(51, concat(u16s(0x001d), vec16(zeros(32)))));
        HandshakeRecord r = TestConnection.established()
                .data(C, clientHello(0x7f17, sid))
                .data(S, concat(record(22, 0x0303, sh), ccs(), opaque(23, 27), opaque(23, 800), opaque(23, 53)))
                .data(C, concat(ccs(), opaque(23, 53))).close();
        assertThat(r.version()).isEqualTo(0x7f17);
        assertThat(r.resumed()).as("an echoed legacy session ID without pre_shared_key").isFalse();
        assertThat(r.outcome()).isEqualTo(Outcome.ESTABLISHED);
    }

    @Test
    void rfc8446PreSharedKeyIsResumption() {
        // RFC 8446 §4.2.11: the server's pre_shared_key extension carries selected_identity.
        byte[] sid = new byte[32];
        byte[] sh = serverHello(0x0303, RANDOM, sid, 0x1301, ext(43, u16s(0x0304)), ext(41, u16s(0)),
                ext(51, concat(u16s(0x001d), vec16(zeros(32)))));
        HandshakeRecord r = TestConnection.established()
                .data(C, new TlsBytes.ClientHello().suites(0x1301).sessionId(sid)
                        .ext(ext(43, vec8(u16s(0x0304)))).ext(ext(41, concat(vec16(concat(vec16(u8(1, 2, 3)),
                                u8(0, 0, 0, 0))), vec16(vec8(zeros(32)))))).record())
                .data(S, concat(record(22, 0x0303, sh), ccs(), opaque(23, 27), opaque(23, 53)))
                .data(C, concat(ccs(), opaque(23, 53))).close();
        assertThat(r.resumed()).isTrue();
    }
}
