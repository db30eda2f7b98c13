package io.tlsinspect.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecoderStatsTest {
    @Test
    void snakeCaseKeysAndAddition() {
        DecoderStats a = new DecoderStats();
        DecoderStats b = new DecoderStats();
        a.tlsConnection();
        a.unparsedRecord();
        b.tlsConnection();
        b.bufferCapHit();
        b.encryptedAlert();
        a.add(b);
        assertThat(a.asMap()).containsEntry("tls_connections", 2L).containsEntry("unparsed_records", 1L)
                .containsEntry("buffer_cap_hits", 1L).containsEntry("encrypted_alerts", 1L)
                .containsKeys("malformed_hellos", "invalid_transitions", "decoder_errors");
        assertThat(a.asMap().keySet()).allMatch(k -> k.matches("[a-z0-9_]+"));
    }

    @Test
    void factoriesDoNotShareCounters() {
        DecoderStats s1 = new DecoderStats();
        DecoderStats s2 = new DecoderStats();
        TestConnection.established().data(TestConnection.C, "GET /".getBytes()).close();
        new HandshakeDecoderFactory(r -> { }, s1);
        new HandshakeDecoderFactory(r -> { }, s2);
        assertThat(s1.connections()).isZero();
        assertThat(s2.connections()).isZero();
    }
}
