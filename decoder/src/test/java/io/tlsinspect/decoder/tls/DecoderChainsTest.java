package io.tlsinspect.decoder.tls;

import static io.tlsinspect.decoder.TlsBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.DecoderStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 9: a stopped direction's chain serves the next direction that starts, exactly as a new one would. */
class DecoderChainsTest {
    private static final int CAP = DirectionDecoder.DEFAULT_CAP;

    /** Every event as one line, so two chains' views of the same bytes can be compared whole. */
    private static final class Recorder implements TlsEvents {
        final List<String> events = new ArrayList<>();

        @Override public void onRecord(Direction d, int type, int version, int length, long ts) {
            events.add(d + " record " + type + " " + version + " " + length);
        }
        @Override public void onHandshakeMessage(Direction d, int type, byte[] b, int off, int len, int v, long ts) {
            events.add(d + " message " + type + " " + len + " " + v);
        }
        @Override public void onOversizedMessage(Direction d, int type, int claimed, long ts) {
            events.add(d + " oversized " + type + " " + claimed);
        }
        @Override public void onSslv2ClientHello(Direction d, byte[] b, int off, int len, long ts) {
            events.add(d + " sslv2 hello " + len);
        }
        @Override public void onHeartbeat(Direction d, boolean enc, byte[] b, int off, int len, long ts) {
            events.add(d + " heartbeat " + enc + " " + len);
        }
        @Override public void onSslv2Record(Direction d, byte[] b, int off, int len, long ts) {
            events.add(d + " sslv2 record " + len);
        }
        @Override public boolean onChangeCipherSpec(Direction d, long ts) {
            events.add(d + " ccs");
            return true;
        }
        @Override public void onAlert(Direction d, int level, int description, long ts) {
            events.add(d + " alert " + level + " " + description);
        }
        @Override public void onProtectedRecord(Direction d, int type, int length, long ts) {
            events.add(d + " protected " + type + " " + length);
        }
        @Override public void onUnusableRecord(Direction d, String reason, long ts) {
            events.add(d + " unusable " + reason);
        }
        @Override public void onFramingError(Direction d, String reason, boolean atStart, long ts) {
            events.add(d + " framing " + atStart + " " + reason);
        }
    }

    private static final byte[] SERVER_FLIGHT = concat(
            record(22, 0x0303, serverHello(0x0303, zeros(32), new byte[] {1, 2}, 0x1301, ext(43, u16s(0x0304)))),
            ccs(), opaque(23, 40), alert(2, 40));

    @Test
    void aChainStoppedMidRecordDecodesTheNextDirectionAsANewChainDoes() {
        DecoderStats stats = new DecoderStats();
        DecoderChains chains = new DecoderChains(CAP, stats, new RecordBuffers());
        Recorder first = new Recorder();
        DirectionDecoder used = chains.take(Direction.CLIENT_TO_SERVER, first);
        // Half a record, a message begun in it, then the direction stops (as a decided connection's does).
        byte[] flight = concat(record(22, 0x0301, concat(handshake(1, zeros(3000)))));
        used.feed(flight, 0, 2000, 1);
        used.allowSslv2ServerHello();
        used.useSslv2Records();
        used.stop();
        chains.give(used);
        assertThat(chains.kept()).isEqualTo(1);

        Recorder again = new Recorder();
        DirectionDecoder reused = chains.take(Direction.SERVER_TO_CLIENT, again);
        assertThat(reused).isSameAs(used);
        assertThat(chains.kept()).isZero();
        reused.feed(SERVER_FLIGHT, 0, 50, 2);
        reused.feed(SERVER_FLIGHT, 50, SERVER_FLIGHT.length - 50, 3);

        Recorder fresh = new Recorder();
        DirectionDecoder made = new DirectionDecoder(Direction.SERVER_TO_CLIENT, fresh, CAP, new DecoderStats(), null);
        made.feed(SERVER_FLIGHT, 0, 50, 2);
        made.feed(SERVER_FLIGHT, 50, SERVER_FLIGHT.length - 50, 3);

        assertThat(fresh.events).hasSizeGreaterThan(3);
        assertThat(again.events).isEqualTo(fresh.events);
        assertThat(first.events).doesNotContainAnyElementsOf(fresh.events);
        assertThat(reused.buffered()).isEqualTo(made.buffered());
        assertThat(reused.sslv2Records()).isFalse();
    }

    @Test
    void keepsAtMostItsBound() {
        DecoderChains chains = new DecoderChains(CAP, new DecoderStats(), null);
        List<DirectionDecoder> taken = new ArrayList<>();
        for (int i = 0; i < DecoderChains.KEEP + 5; i++) {
            taken.add(chains.take(Direction.CLIENT_TO_SERVER, new Recorder()));
        }
        for (DirectionDecoder d : taken) {
            d.stop();
            chains.give(d);
        }
        assertThat(chains.kept()).isEqualTo(DecoderChains.KEEP);
    }
}
