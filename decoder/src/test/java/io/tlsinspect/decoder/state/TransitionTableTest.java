package io.tlsinspect.decoder.state;

import static org.assertj.core.api.Assertions.assertThat;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.DecoderStats;
import org.junit.jupiter.api.Test;

class TransitionTableTest {
    private final TransitionTable t = TransitionTable.standard();

    @Test
    void fullTls12Handshake() {
        HandshakeState s = HandshakeState.START;
        Object[][] steps = {
                {true, HandshakeEvent.CLIENT_HELLO}, {false, HandshakeEvent.SERVER_HELLO},
                {false, HandshakeEvent.CERTIFICATE}, {false, HandshakeEvent.SERVER_KEY_EXCHANGE},
                {false, HandshakeEvent.SERVER_HELLO_DONE}, {true, HandshakeEvent.CLIENT_KEY_EXCHANGE},
                {true, HandshakeEvent.CHANGE_CIPHER_SPEC}, {true, HandshakeEvent.FINISHED},
                {false, HandshakeEvent.NEW_SESSION_TICKET}, {false, HandshakeEvent.CHANGE_CIPHER_SPEC},
                {false, HandshakeEvent.FINISHED}};
        for (Object[] step : steps) {
            s = t.next(s, (Boolean) step[0], (HandshakeEvent) step[1]);
            assertThat(s).as("after %s", step[1]).isNotNull();
        }
        assertThat(s).isEqualTo(HandshakeState.ESTABLISHED);
    }

    @Test
    void abbreviatedHandshake() {
        HandshakeState s = t.next(HandshakeState.START, true, HandshakeEvent.CLIENT_HELLO);
        s = t.next(s, false, HandshakeEvent.SERVER_HELLO);
        s = t.next(s, false, HandshakeEvent.CHANGE_CIPHER_SPEC);
        s = t.next(s, false, HandshakeEvent.FINISHED);
        s = t.next(s, true, HandshakeEvent.CHANGE_CIPHER_SPEC);
        assertThat(t.next(s, true, HandshakeEvent.FINISHED)).isEqualTo(HandshakeState.ESTABLISHED);
    }

    @Test
    void wrongSenderOrOrderIsNotInTheTable() {
        assertThat(t.next(HandshakeState.START, false, HandshakeEvent.SERVER_HELLO)).isNull();
        assertThat(t.next(HandshakeState.START, false, HandshakeEvent.CLIENT_HELLO)).isNull();
        assertThat(t.next(HandshakeState.SERVER_HELLO, false, HandshakeEvent.CLIENT_KEY_EXCHANGE)).isNull();
        assertThat(t.next(HandshakeState.CLIENT_HELLO_2, false, HandshakeEvent.HELLO_RETRY_REQUEST))
                .as("RFC 8446 §4.1.4: a second HelloRetryRequest is not allowed").isNull();
    }

    @Test
    void invalidTransitionsAreRecordedNotThrown() {
        DecoderStats stats = new DecoderStats();
        HandshakeTracker tr = new HandshakeTracker(false, stats);
        byte[] shd = new byte[0];
        tr.onRecord(Direction.CLIENT_TO_SERVER, 22, 0x0301, 4, 1);
        // A ServerHelloDone before anything else.
        tr.onHandshakeMessage(Direction.SERVER_TO_CLIENT, 14, shd, 0, 0, 0x0303, 2);
        assertThat(stats.get(Counter.INVALID_TRANSITIONS)).isEqualTo(1);
        assertThat(tr.state()).isEqualTo(HandshakeState.START);
        assertThat(tr.notes()).anyMatch(n -> n.contains("unexpected server server_hello_done"));
    }

    @Test
    void historyCollapsesDataRunsAndIsCapped() {
        History h = new History();
        h.add(HandshakeEvent.CLIENT_HELLO, true);
        h.add(HandshakeEvent.APPLICATION_DATA, false);
        h.add(HandshakeEvent.APPLICATION_DATA, false);
        h.add(HandshakeEvent.APPLICATION_DATA, true);
        assertThat(h.toString()).isEqualTo("CdD");
        for (int i = 0; i < 200; i++) {
            h.add(HandshakeEvent.CHANGE_CIPHER_SPEC, i % 2 == 0);
        }
        assertThat(h.toString()).hasSize(History.MAX + 1).endsWith("+");
    }

    @Test
    void tls13RecordSizes() {
        assertThat(Tls13RecordSizes.alertRecord(0x1301)).isEqualTo(19);
        assertThat(Tls13RecordSizes.finishedRecord(0x1301)).isEqualTo(53);
        assertThat(Tls13RecordSizes.finishedRecord(0x1302)).isEqualTo(69);
        assertThat(Tls13RecordSizes.alertRecord(0x1305)).isEqualTo(11);
    }
}
