package io.tlsinspect.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.DecoderStats.Counter;
import org.junit.jupiter.api.Test;

class DecoderStatsTest {
    @Test
    void snakeCaseKeysAndAddition() {
        DecoderStats a = new DecoderStats();
        DecoderStats b = new DecoderStats();
        a.count(Counter.TLS_CONNECTIONS);
        a.count(Counter.UNPARSED_RECORDS);
        b.count(Counter.TLS_CONNECTIONS);
        b.count(Counter.BUFFER_CAP_HITS);
        b.count(Counter.ENCRYPTED_ALERTS);
        a.add(b);
        assertThat(a.asMap()).containsEntry("tls_connections", 2L).containsEntry("unparsed_records", 1L)
                .containsEntry("buffer_cap_hits", 1L).containsEntry("encrypted_alerts", 1L)
                .containsKeys("malformed_hellos", "invalid_transitions", "decoder_errors");
        assertThat(a.asMap().keySet()).allMatch(k -> k.matches("[a-z0-9_]+"));
        // docs/json.md lists these twenty-one decoder counters, in this order (the preamble and QUIC ones: issue 11).
        assertThat(a.asMap().keySet()).containsExactly("decoded_connections", "tls_connections", "sslv2_hellos",
                "tls_records", "handshake_messages", "unparsed_records", "malformed_hellos", "malformed_messages",
                "buffer_cap_hits", "plaintext_alerts", "encrypted_alerts", "inferred_alerts", "invalid_transitions",
                "stream_gaps", "preambles", "preambles_unconfirmed", "preamble_limit_hits", "quic_connections",
                "quic_initials_decrypted", "quic_unreadable_packets", "decoder_errors");
    }

    @Test
    void factoriesDoNotShareCounters() {
        DecoderStats s1 = new DecoderStats();
        DecoderStats s2 = new DecoderStats();
        // One connection through the factory counting into s1: a ClientHello (one record, one message), a reset.
        TestConnection.established(s1).data(TestConnection.C, OutcomeTaxonomyTest.clientHello()).rst(TestConnection.S).close();
        assertThat(s1.get(Counter.CONNECTIONS)).isEqualTo(1);
        assertThat(s1.get(Counter.TLS_CONNECTIONS)).isEqualTo(1);
        assertThat(s1.get(Counter.RECORDS)).isEqualTo(1);
        assertThat(s1.get(Counter.HANDSHAKE_MESSAGES)).isEqualTo(1);
        assertThat(s2.asMap().values()).as("the other factory's counters").allMatch(n -> n == 0);

        // Plain HTTP through the factory counting into s2: s1 does not move.
        String before = s1.toString();
        TestConnection.established(s2).data(TestConnection.C, "GET / HTTP/1.1\r\n\r\n".getBytes()).close();
        assertThat(s1).hasToString(before);
        assertThat(s2.get(Counter.CONNECTIONS)).isEqualTo(1);
        assertThat(s2.get(Counter.TLS_CONNECTIONS)).isZero();
        assertThat(s2.get(Counter.UNPARSED_RECORDS)).isEqualTo(1);
    }
}
