package io.tlsinspect.decoder;

import static io.tlsinspect.decoder.TestConnection.C;
import static io.tlsinspect.decoder.TestConnection.S;
import static io.tlsinspect.decoder.TlsBytes.ccs;
import static io.tlsinspect.decoder.TlsBytes.concat;
import static io.tlsinspect.decoder.TlsBytes.handshake;
import static io.tlsinspect.decoder.TlsBytes.opaque;
import static io.tlsinspect.decoder.TlsBytes.record;
import static io.tlsinspect.decoder.TlsBytes.serverHello12;
import static io.tlsinspect.decoder.TlsBytes.u16s;
import static io.tlsinspect.decoder.TlsBytes.u8;
import static io.tlsinspect.decoder.TlsBytes.zeros;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Heartbeats;
import org.junit.jupiter.api.Test;

/**
 * Heartbeat records (RFC 6520) before and after the handshake, from bytes written by the RFC: §3
 * content type heartbeat(24); §4 {@code struct { HeartbeatMessageType type; uint16 payload_length;
 * opaque payload[payload_length]; opaque padding[padding_length]; }}, heartbeat_request(1),
 * heartbeat_response(2), padding at least 16 bytes.
 */
class HeartbeatTest {
    private static byte[] tls12Hello() {
        return new TlsBytes.ClientHello().suites(0x002f, 0xc02f).record();
    }

    /** ServerHello, ServerHelloDone (RFC 5246 §7.3): enough of a server flight for the client to go on. */
    private static byte[] serverFlight() {
        return record(22, 0x0303, concat(serverHello12(0x002f), handshake(14, new byte[0])));
    }

    @Test
    void heartbleedProbeBeforeTheHandshakeIsCountedWithItsClaim() {
        // The well-known probe: a request (1) claiming payload_length 0x4000 in a 3-byte record: no
        // payload, no padding (RFC 6520 §4 wants payload_length + 3 + 16 <= the record's length).
        byte[] probe = record(24, 0x0302, u8(1, 0x40, 0x00));
        // A vulnerable server answers with a response (2) of the claimed length, then more.
        byte[] leak = record(24, 0x0302, concat(u8(2, 0x40, 0x00), zeros(4000)));
        HandshakeRecord r = TestConnection.established()
                .data(C, tls12Hello()).data(S, serverFlight())
                .data(C, probe).data(S, leak).data(S, leak)
                .fin(C).close();
        Heartbeats h = r.heartbeats();
        assertThat(h).isNotNull();
        assertThat(h.messages()).isEqualTo(3);
        assertThat(h.beforeHandshake()).isEqualTo(3);
        assertThat(h.firstFrom()).isEqualTo("client");
        assertThat(h.firstType()).isEqualTo(1);
        assertThat(h.claimedPayload()).isEqualTo(0x4000);
        assertThat(h.firstLength()).isEqualTo(3);
        assertThat(h.overlong()).isTrue();
        assertThat(h.answered()).isEqualTo(2);
        assertThat(r.history()).contains("B", "b");
    }

    @Test
    void wellFormedRequestRightAfterTheClientHelloIsStillBeforeTheHandshake() {
        // type 1, payload_length 5, 5 payload bytes, 16 bytes of padding: 24 bytes, within the rule.
        byte[] request = record(24, 0x0303, concat(u8(1), u16s(5), zeros(5), zeros(16)));
        HandshakeRecord r = TestConnection.established()
                .data(C, concat(tls12Hello(), request))
                .fin(C).close();
        assertThat(r.heartbeats().beforeHandshake()).isEqualTo(1);
        assertThat(r.heartbeats().overlong()).isFalse();
        assertThat(r.heartbeats().answered()).isZero();
    }

    @Test
    void noHeartbeatsNoCount() {
        HandshakeRecord r = TestConnection.established().data(C, tls12Hello()).data(S, serverFlight()).fin(C).close();
        assertThat(r.heartbeats()).isNull();
    }

    @Test
    void encryptedHeartbeatAfterBothFinishedIsNotBeforeTheHandshake() {
        // RFC 5246 §7.3: ... ChangeCipherSpec, Finished both ways; a heartbeat then is protected and
        // allowed. The handshake awaits its first record here (Completion), so the heartbeat comes after.
        HandshakeRecord r = TestConnection.established()
                .data(C, tls12Hello()).data(S, serverFlight())
                .data(C, concat(record(22, 0x0303, handshake(16, zeros(130))), ccs(), opaque(22, 40)))
                .data(S, concat(ccs(), opaque(22, 40)))
                .data(C, opaque(24, 40))
                .fin(C).close();
        assertThat(r.heartbeats()).isNotNull();
        assertThat(r.heartbeats().beforeHandshake()).isZero();
    }
}
