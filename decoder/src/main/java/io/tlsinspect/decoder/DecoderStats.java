package io.tlsinspect.decoder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of one {@link HandshakeDecoderFactory}: plain longs, not thread-safe, because the flow
 * table drives one factory from one thread. Two factories running in two threads each keep their
 * own and are summed with {@link #add} afterwards. DESIGN §3: nothing is dropped silently, so every
 * record or message the decoder could not use is counted here.
 */
public final class DecoderStats {
    /** Every counter, with its key in DESIGN §6 {@code stats}, in output order. */
    public enum Counter {
        CONNECTIONS("decoded_connections"),
        TLS_CONNECTIONS("tls_connections"),
        SSLV2_HELLOS("sslv2_hellos"),
        RECORDS("tls_records"),
        HANDSHAKE_MESSAGES("handshake_messages"),
        /** A record or stream the decoder could not frame or use (framing error, unknown content). */
        UNPARSED_RECORDS("unparsed_records"),
        MALFORMED_HELLOS("malformed_hellos"),
        MALFORMED_MESSAGES("malformed_messages"),
        BUFFER_CAP_HITS("buffer_cap_hits"),
        PLAINTEXT_ALERTS("plaintext_alerts"),
        ENCRYPTED_ALERTS("encrypted_alerts"),
        INFERRED_ALERTS("inferred_alerts"),
        INVALID_TRANSITIONS("invalid_transitions"),
        STREAM_GAPS("stream_gaps"),
        /** Issue 11: connections that began with a recognised preamble (STARTTLS, proxy, database request). */
        PREAMBLES("preambles"),
        /** A guessed preamble whose first message did not parse: the bytes went to the TLS decoder instead. */
        PREAMBLES_UNCONFIRMED("preambles_unconfirmed"),
        /** A preamble longer than the stage's limit (32 KiB a direction): given up, counted. */
        PREAMBLE_LIMIT_HITS("preamble_limit_hits"),
        /** Issue 11: QUIC connections (UDP flows) decoded. */
        QUIC_CONNECTIONS("quic_connections"),
        /** QUIC Initial packets decrypted (each at most once; none after a connection's hellos are known). */
        QUIC_INITIALS_DECRYPTED("quic_initials_decrypted"),
        /** QUIC packets that could not be read or decrypted (hostile or cut bytes, unknown versions), skipped. */
        QUIC_UNREADABLE("quic_unreadable_packets"),
        /** An unexpected exception was caught at the listener boundary (a bug; the connection is marked). */
        LISTENER_ERRORS("decoder_errors");

        private final String key;

        Counter(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private static final Counter[] COUNTERS = Counter.values();
    private final long[] counts = new long[COUNTERS.length];

    public void count(Counter c) {
        counts[c.ordinal()]++;
    }

    public long get(Counter c) {
        return counts[c.ordinal()];
    }

    /** Adds another factory's counters to these (e.g. after two threads finish). */
    public DecoderStats add(DecoderStats o) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += o.counts[i];
        }
        return this;
    }

    /** Snake_case keys for DESIGN §6 {@code stats}, in a stable order. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Counter c : COUNTERS) {
            m.put(c.key(), counts[c.ordinal()]);
        }
        return m;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
