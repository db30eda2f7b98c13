package io.tlsinspect.decoder.tls;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.DecoderStats;
import org.bouncycastle.tls.ContentType;

/**
 * One direction of one connection: record layer, handshake reassembly, and whether this side's
 * records are encrypted yet. Turns bytes into {@link TlsEvents}; it keeps no handshake semantics.
 * Bounded: the record buffer holds at most one record and the message buffer at most the rest of
 * {@code cap}, so the two together never exceed {@code cap}. With {@link #DEFAULT_CAP} the message
 * buffer holds a whole handshake message of {@link #MAX_MESSAGE}, however its records are split.
 */
public final class DirectionDecoder implements RecordLayer.Sink, HandshakeAssembler.Sink {
    /**
     * Longest handshake message read (its body; Netty's SslClientHelloHandler limit, DESIGN §3's
     * default): post-quantum key shares and large PSK identities make ClientHellos of tens of KB.
     */
    public static final int MAX_MESSAGE = 64 * 1024;
    /**
     * What one direction may hold: a message of {@link #MAX_MESSAGE} with its 4-byte header (RFC 8446
     * §4), plus the one record being assembled (at most {@link RecordFraming#MAX_FRAME}). The cap once
     * covered both at 64 KiB, which left a message only about 47 KB.
     */
    public static final int DEFAULT_CAP = 4 + MAX_MESSAGE + RecordFraming.MAX_FRAME;

    // Set again when a pooled chain serves another direction (see DecoderChains.take).
    private Direction dir;
    private TlsEvents events;
    private final DecoderStats stats;
    private final RecordLayer records;
    private final HandshakeAssembler messages;
    private boolean encrypted;
    private long ts;

    public DirectionDecoder(Direction dir, TlsEvents events, int cap, DecoderStats stats) {
        this(dir, events, cap, stats, null);
    }

    /** @param buffers this thread's pool of record buffers ({@link RecordBuffers}), or null */
    public DirectionDecoder(Direction dir, TlsEvents events, int cap, DecoderStats stats, RecordBuffers buffers) {
        this.dir = dir;
        this.events = events;
        this.stats = stats;
        int recordCap = Math.min(RecordFraming.MAX_FRAME, cap / 2);
        this.records = new RecordLayer(this, recordCap, dir == Direction.CLIENT_TO_SERVER, stats, buffers);
        this.messages = new HandshakeAssembler(this, cap - recordCap, stats);
    }

    /** @return false once this direction needs no more bytes */
    public boolean feed(byte[] b, int off, int len, long tsNanos) {
        ts = tsNanos;
        return records.feed(b, off, len);
    }

    public void stop() {
        records.stop();
        messages.release();
    }

    /**
     * A stopped chain made as new for another direction ({@link DecoderChains}): every field as the
     * constructor leaves it, the stats and caps (the factory's) unchanged.
     */
    void restart(Direction dir, TlsEvents events) {
        this.dir = dir;
        this.events = events;
        encrypted = false;
        ts = 0;
        records.restart(dir == Direction.CLIENT_TO_SERVER);
        messages.restart();
    }

    /** A pooled chain must not keep its last connection's tracker alive. */
    void detach() {
        events = null;
    }

    /** Server side: the client sent an SSLv2-format hello, so an SSL 2.0 SERVER-HELLO may answer it. */
    public void allowSslv2ServerHello() {
        records.allowSslv2ServerHello();
    }

    /** The session is SSL 2.0: every later frame of this direction is an SSL 2.0 record. */
    public void useSslv2Records() {
        records.useSslv2Records();
    }

    public boolean sslv2Records() {
        return records.sslv2Records();
    }

    public boolean stopped() {
        return records.stopped();
    }

    /** Bytes held right now (record buffer plus message buffer): never more than the cap. */
    public int buffered() {
        return records.buffered() + messages.buffered();
    }

    @Override
    public void onRecord(int contentType, int version, byte[] b, int off, int len) {
        stats.count(Counter.RECORDS);
        events.onRecord(dir, contentType, version, len, ts);
        if (records.stopped()) {
            return;
        }
        switch (contentType) {
            case ContentType.handshake -> {
                if (encrypted) {
                    events.onProtectedRecord(dir, contentType, len, ts);
                } else if (len == 0) {
                    // RFC 5246 §6.2.1 / RFC 8446 §5.1: zero-length handshake fragments MUST NOT be
                    // sent; harmless to an observer, so only counted.
                    stats.count(Counter.UNPARSED_RECORDS);
                    events.onUnusableRecord(dir, "zero-length handshake record", ts);
                } else {
                    messages.feed(b, off, len, version);
                }
            }
            case ContentType.alert -> alert(b, off, len);
            case ContentType.change_cipher_spec -> {
                // RFC 5246 §7.1: the message is a single byte of value 1.
                if (len != 1 || b[off] != 1) {
                    stats.count(Counter.UNPARSED_RECORDS);
                    events.onUnusableRecord(dir, "ChangeCipherSpec that is not the single byte 1", ts);
                }
                if (events.onChangeCipherSpec(dir, ts)) {
                    encrypted = true;
                }
            }
            case ContentType.application_data -> events.onProtectedRecord(dir, contentType, len, ts);
            case ContentType.heartbeat -> events.onHeartbeat(dir, encrypted, b, off, len, ts); // RFC 6520
            default -> events.onProtectedRecord(dir, contentType, len, ts);
        }
    }

    private void alert(byte[] b, int off, int len) {
        if (encrypted) {
            events.onProtectedRecord(dir, ContentType.alert, len, ts);
            return;
        }
        // RFC 5246 §7.2: struct { AlertLevel level; AlertDescription description; } = 2 bytes.
        // Several may share a record; RFC 8446 §5.1 forbids fragmenting them, so an odd byte is unusable.
        for (int i = 0; i + 1 < len; i += 2) {
            events.onAlert(dir, b[off + i] & 0xff, b[off + i + 1] & 0xff, ts);
        }
        if ((len & 1) != 0) {
            stats.count(Counter.UNPARSED_RECORDS);
            events.onUnusableRecord(dir, "alert record of odd length " + len, ts);
        }
    }

    @Override
    public void onSslv2ClientHello(byte[] b, int off, int len) {
        stats.count(Counter.RECORDS);
        events.onSslv2ClientHello(dir, b, off, len, ts);
    }

    @Override
    public void onSslv2Record(byte[] b, int off, int len) {
        stats.count(Counter.RECORDS);
        events.onSslv2Record(dir, b, off, len, ts);
    }

    @Override
    public void onFramingError(String reason, boolean atStreamStart) {
        stats.count(Counter.UNPARSED_RECORDS);
        events.onFramingError(dir, reason, atStreamStart, ts);
    }

    @Override
    public void onMessage(int type, byte[] b, int off, int len, int firstRecordVersion) {
        stats.count(Counter.HANDSHAKE_MESSAGES);
        events.onHandshakeMessage(dir, type, b, off, len, firstRecordVersion, ts);
    }

    @Override
    public void onOversizedMessage(int type, int claimedLength) {
        stats.count(Counter.HANDSHAKE_MESSAGES);
        events.onOversizedMessage(dir, type, claimedLength, ts);
    }
}
