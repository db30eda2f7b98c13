package io.tlsinspect.decoder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of one {@link HandshakeDecoderFactory}: plain fields, not thread-safe, because the flow
 * table drives one factory from one thread. Two factories running in two threads each keep their
 * own and are summed with {@link #add} afterwards. DESIGN §3: nothing is dropped silently, so every
 * record or message the decoder could not use is counted here.
 */
public final class DecoderStats {
    private long connections;
    private long tlsConnections;
    private long sslv2Hellos;
    private long records;
    private long handshakeMessages;
    private long unparsedRecords;
    private long malformedHellos;
    private long malformedMessages;
    private long bufferCapHits;
    private long plaintextAlerts;
    private long encryptedAlerts;
    private long inferredAlerts;
    private long invalidTransitions;
    private long streamGaps;
    private long listenerErrors;

    public void connection() {
        connections++;
    }

    public void tlsConnection() {
        tlsConnections++;
    }

    public void sslv2Hello() {
        sslv2Hellos++;
    }

    public void record() {
        records++;
    }

    public void handshakeMessage() {
        handshakeMessages++;
    }

    /** A record or stream the decoder could not frame or use (framing error, unknown content). */
    public void unparsedRecord() {
        unparsedRecords++;
    }

    public void malformedHello() {
        malformedHellos++;
    }

    public void malformedMessage() {
        malformedMessages++;
    }

    public void bufferCapHit() {
        bufferCapHits++;
    }

    public void plaintextAlert() {
        plaintextAlerts++;
    }

    public void encryptedAlert() {
        encryptedAlerts++;
    }

    public void inferredAlert() {
        inferredAlerts++;
    }

    public void invalidTransition() {
        invalidTransitions++;
    }

    public void streamGap() {
        streamGaps++;
    }

    /** An unexpected exception was caught at the listener boundary (a bug; the connection is marked). */
    public void listenerError() {
        listenerErrors++;
    }

    public long connections() {
        return connections;
    }

    public long tlsConnections() {
        return tlsConnections;
    }

    public long sslv2Hellos() {
        return sslv2Hellos;
    }

    public long records() {
        return records;
    }

    public long handshakeMessages() {
        return handshakeMessages;
    }

    public long unparsedRecords() {
        return unparsedRecords;
    }

    public long malformedHellos() {
        return malformedHellos;
    }

    public long malformedMessages() {
        return malformedMessages;
    }

    public long bufferCapHits() {
        return bufferCapHits;
    }

    public long plaintextAlerts() {
        return plaintextAlerts;
    }

    public long encryptedAlerts() {
        return encryptedAlerts;
    }

    public long inferredAlerts() {
        return inferredAlerts;
    }

    public long invalidTransitions() {
        return invalidTransitions;
    }

    public long streamGaps() {
        return streamGaps;
    }

    public long listenerErrors() {
        return listenerErrors;
    }

    /** Adds another factory's counters to these (e.g. after two threads finish). */
    public DecoderStats add(DecoderStats o) {
        connections += o.connections;
        tlsConnections += o.tlsConnections;
        sslv2Hellos += o.sslv2Hellos;
        records += o.records;
        handshakeMessages += o.handshakeMessages;
        unparsedRecords += o.unparsedRecords;
        malformedHellos += o.malformedHellos;
        malformedMessages += o.malformedMessages;
        bufferCapHits += o.bufferCapHits;
        plaintextAlerts += o.plaintextAlerts;
        encryptedAlerts += o.encryptedAlerts;
        inferredAlerts += o.inferredAlerts;
        invalidTransitions += o.invalidTransitions;
        streamGaps += o.streamGaps;
        listenerErrors += o.listenerErrors;
        return this;
    }

    /** Snake_case keys for DESIGN §6 {@code stats}, in a stable order. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("decoded_connections", connections);
        m.put("tls_connections", tlsConnections);
        m.put("sslv2_hellos", sslv2Hellos);
        m.put("tls_records", records);
        m.put("handshake_messages", handshakeMessages);
        m.put("unparsed_records", unparsedRecords);
        m.put("malformed_hellos", malformedHellos);
        m.put("malformed_messages", malformedMessages);
        m.put("buffer_cap_hits", bufferCapHits);
        m.put("plaintext_alerts", plaintextAlerts);
        m.put("encrypted_alerts", encryptedAlerts);
        m.put("inferred_alerts", inferredAlerts);
        m.put("invalid_transitions", invalidTransitions);
        m.put("stream_gaps", streamGaps);
        m.put("decoder_errors", listenerErrors);
        return m;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
