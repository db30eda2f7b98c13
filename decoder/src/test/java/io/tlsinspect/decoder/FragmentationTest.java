package io.tlsinspect.decoder;

import static io.tlsinspect.decoder.TestConnection.C;
import static io.tlsinspect.decoder.TestConnection.S;
import static io.tlsinspect.decoder.TlsBytes.*;
import static org.assertj.core.api.Assertions.assertThat;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Records spanning segments, messages spanning records, and lengths that lie (issue 3, acceptance 4). */
class FragmentationTest {

    static byte[] helloMessage() {
        return new TlsBytes.ClientHello().suites(0x1301, 0xc02f).ext(sni("frag.example")).ext(alpn("h2"))
                .ext(ext(43, vec8(u16s(0x0304, 0x0303)))).message();
    }

    static HandshakeRecord whole() {
        return TestConnection.established().data(C, record(22, 0x0301, helloMessage())).rst(S).close();
    }

    @Test
    void oneByteSegments() {
        byte[] rec = record(22, 0x0301, helloMessage());
        HandshakeRecord r = TestConnection.established().segmented(C, rec, 1).rst(S).close();
        assertThat(r.clientHello()).isNotNull().isEqualTo(whole().clientHello());
        assertThat(r.clientHello().sni()).isEqualTo("frag.example");
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_RESET);
    }

    @Test
    void handshakeMessageAcrossThreeRecords() {
        byte[] m = helloMessage();
        int a = 3;          // splits inside the 4-byte handshake header
        int b = m.length / 2;
        byte[] three = concat(record(22, 0x0301, Arrays.copyOfRange(m, 0, a)),
                record(22, 0x0303, Arrays.copyOfRange(m, a, b)),
                record(22, 0x0303, Arrays.copyOfRange(m, b, m.length)));
        HandshakeRecord r = TestConnection.established().data(C, three).rst(S).close();
        assertThat(r.clientHello()).isEqualTo(whole().clientHello());
        assertThat(r.history()).isEqualTo("C");
        // ...and the same three records delivered one byte at a time.
        HandshakeRecord r1 = TestConnection.established().segmented(C, three, 1).rst(S).close();
        assertThat(r1.clientHello()).isEqualTo(whole().clientHello());
    }

    @Test
    void severalMessagesInOneRecord() {
        byte[] flight = record(22, 0x0303, concat(serverHello12(0xc02f), handshake(11, vec24(new byte[0])),
                handshake(12, concat(u8(3), u16s(0x001d), vec8(zeros(32)), u16s(0x0401), vec16(zeros(8)))),
                handshake(14, new byte[0])));
        HandshakeRecord r = TestConnection.established().data(C, record(22, 0x0301, helloMessage()))
                .data(S, flight).fin(C).close();
        assertThat(r.history()).isEqualTo("Csxkn");
        assertThat(r.cipher()).isEqualTo(0xc02f);
        assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_ABANDONED);
        assertThat(r.notes()).contains("server_key_exchange group x25519");
    }

    @Test
    void zeroLengthRecordsAreCountedAndSkipped() {
        byte[] m = helloMessage();
        byte[] stream = concat(record(22, 0x0301, Arrays.copyOfRange(m, 0, 10)), record(22, 0x0301, new byte[0]),
                record(22, 0x0301, Arrays.copyOfRange(m, 10, m.length)), record(23, 0x0303, new byte[0]));
        TestConnection c = TestConnection.established();
        HandshakeRecord r = c.data(C, stream).rst(S).close();
        assertThat(r.clientHello()).isEqualTo(whole().clientHello());
        assertThat(c.stats.get(Counter.UNPARSED_RECORDS)).isEqualTo(1);
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_RESET);
    }

    @Test
    void sixteenMegabyteMessageClaimIsNeverAllocated() {
        // A handshake header claiming 2^24-1 bytes, followed by a few real bytes.
        byte[] claim = concat(u8(1, 0xff, 0xff, 0xff), zeros(1000));
        TestConnection c = TestConnection.established();
        long before = allocatedBytes();
        for (int i = 0; i < 50; i++) {
            c.data(C, record(22, 0x0301, i == 0 ? claim : zeros(1000)));
        }
        long allocated = allocatedBytes() - before;
        HandshakeRecord r = c.close(EndReason.END_OF_CAPTURE);
        assertThat(allocated).as("bytes allocated while decoding").isLessThan(4L << 20);
        assertThat(c.maxBuffered()).isLessThanOrEqualTo(64 * 1024);
        assertThat(c.stats.get(Counter.BUFFER_CAP_HITS)).isEqualTo(1);
        assertThat(r.notes()).anyMatch(n -> n.contains("claims 16777215 bytes"));
        assertThat(r.outcome()).isEqualTo(Outcome.INCOMPLETE);
    }

    /** A ClientHello whose message body is exactly {@code bodyLength} bytes, by an RFC 7685 padding extension. */
    static byte[] helloOfLength(int bodyLength) {
        byte[] base = new TlsBytes.ClientHello().suites(0x1301, 0xc02f).ext(sni("big.example"))
                .ext(ext(43, vec8(u16s(0x0304, 0x0303)))).ext(ext(21, new byte[0])).message();
        int pad = bodyLength - (base.length - 4);
        return new TlsBytes.ClientHello().suites(0x1301, 0xc02f).ext(sni("big.example"))
                .ext(ext(43, vec8(u16s(0x0304, 0x0303)))).ext(ext(21, zeros(pad))).message();
    }

    /** Issue 13 point 7: the cap is 64 KiB of handshake message, whatever the record split (was about 47 KB). */
    @Test
    void aClientHelloOfSixtyFourKibibytesIsReadAcrossAnyRecordSplit() {
        for (int body : new int[] {47_200, 60_000, 64 * 1024}) {
            byte[] m = helloOfLength(body);
            assertThat(m.length).isEqualTo(4 + body);
            for (int recordSize : new int[] {1 << 14, 5000, 777}) {
                byte[] stream = new byte[0];
                for (int i = 0; i < m.length; i += recordSize) {
                    stream = concat(stream, record(22, 0x0301, Arrays.copyOfRange(m, i, Math.min(m.length, i + recordSize))));
                }
                TestConnection c = TestConnection.established();
                HandshakeRecord r = c.segmented(C, stream, 1448).rst(S).close();
                assertThat(r.clientHello()).as(body + " bytes in records of " + recordSize + ": " + r.notes()).isNotNull();
                assertThat(r.clientHello().sni()).isEqualTo("big.example");
                assertThat(c.stats.get(DecoderStats.Counter.BUFFER_CAP_HITS)).isZero();
                assertThat(r.outcome()).isEqualTo(Outcome.SERVER_RESET);
            }
        }
    }

    @Test
    void oneByteMoreThanSixtyFourKibibytesIsSkippedAndCounted() {
        byte[] m = helloOfLength(64 * 1024 + 1);
        byte[] stream = new byte[0];
        for (int i = 0; i < m.length; i += 1 << 14) {
            stream = concat(stream, record(22, 0x0301, Arrays.copyOfRange(m, i, Math.min(m.length, i + (1 << 14)))));
        }
        TestConnection c = TestConnection.established();
        HandshakeRecord r = c.data(C, stream).rst(S).close();
        assertThat(r.clientHello()).isNull();
        assertThat(c.stats.get(DecoderStats.Counter.BUFFER_CAP_HITS)).isEqualTo(1);
        assertThat(r.notes()).anyMatch(n -> n.contains("claims 65537 bytes"));
    }

    @Test
    void recordLengthBeyondTheRfcLimitIsNotTls() {
        // RFC 5246 §6.2.3: at most 2^14 + 2048 bytes of ciphertext.
        byte[] header = concat(u8(22), u16s(0x0301), u16s((1 << 14) + 2049));
        HandshakeRecord r = TestConnection.established().data(C, header).close();
        assertThat(r.outcome()).isEqualTo(Outcome.NOT_TLS);
        assertThat(r.notes()).anyMatch(n -> n.contains("exceeds"));
    }

    @Test
    void recordLengthBeyondTheLimitLaterInTheStreamStopsThatDirection() {
        byte[] header = concat(u8(22), u16s(0x0303), u16s(0xffff));
        TestConnection c = TestConnection.established().data(C, record(22, 0x0301, helloMessage()))
                .data(S, header);
        assertThat(c.wants(S)).isFalse();
        HandshakeRecord r = c.rst(S).close();
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_RESET);
        assertThat(r.history()).isEqualTo("Cq");
    }

    @Test
    void smallCapIsHonoured() {
        TestConnection c = TestConnection.withCap(256);
        HandshakeRecord r = c.segmented(C, record(22, 0x0301, concat(u8(1, 0, 4, 0), zeros(1024))), 100)
                .close(EndReason.END_OF_CAPTURE);
        assertThat(c.maxBuffered()).isLessThanOrEqualTo(256);
        assertThat(c.stats.get(Counter.BUFFER_CAP_HITS)).isGreaterThanOrEqualTo(1);
        assertThat(r.outcome()).isEqualTo(Outcome.INCOMPLETE);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
