package io.tlsinspect.decoder;

import static io.tlsinspect.decoder.ConnectionFuzzTest.check;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsinspect.capture.PacketDissector;
import io.tlsinspect.capture.file.CaptureFileReader;
import io.tlsinspect.capture.file.CaptureFormatException;
import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.capture.tcp.FlowTable;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.tls.DirectionDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzz target for the whole file path: the fuzzer's input is a capture file, read by
 * {@link CaptureFileReader} (pcap or pcapng), dissected by {@link PacketDissector}, reassembled by
 * {@link FlowTable} and decoded by {@link HandshakeDecoderFactory}, as {@code tlsinspect analyze}
 * does. (It lives in the decoder's tests because the decoder depends on capture.)
 *
 * <p>Checks: nothing but a {@link CaptureFormatException} with a one-line message leaves the reader;
 * nothing is thrown inside the flow table's or the decoder's guards (both count such errors, and both
 * counts must stay 0); every connection gives exactly one record; every frame lands in exactly one
 * capture counter and every gap is counted by both sides; and the run allocates a bounded amount for
 * the size of its input (no buffer sized by a length field).
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the files in
 * {@code src/test/resources/io/tlsinspect/decoder/CaptureFileFuzzTestInputs/fuzzCaptureFile/}: pcap
 * and pcapng files built from the real OpenSSL transcripts by {@link FuzzSeeds}, and every crash input
 * found so far. {@code scripts/fuzz.sh} fuzzes for real.
 */
class CaptureFileFuzzTest {
    /** Small enough that a fuzzed file can fill the table and make it evict. */
    static final int MAX_FLOWS = 32;
    /** Out-of-order bytes one direction may buffer: small, so fuzzed files reach the cap's path. */
    static final int STREAM_CAP = 4096;
    /** The reader's 1 MiB window, flows and decoders, Bouncy Castle: then a multiple of the input. */
    static final long ALLOC_FIXED = 48L << 20;
    static final long ALLOC_PER_BYTE = 1024;

    @FuzzTest(maxDuration = "5m")
    void fuzzCaptureFile(byte[] input) {
        analyze(input);
    }

    /** Runs one capture file through the whole path, checks everything above, returns the records. */
    static List<HandshakeRecord> analyze(byte[] input) {
        long classes = CheckedListener.loadedClasses();
        long before = CheckedListener.allocatedBytes();
        CaptureStats cstats = new CaptureStats();
        DecoderStats dstats = new DecoderStats();
        List<HandshakeRecord> records = new ArrayList<>();
        List<CheckedListener> listeners = new ArrayList<>();
        HandshakeDecoderFactory decoders = new HandshakeDecoderFactory(records::add, dstats);
        // Every port is monitored, so any TCP segment the fuzzer makes reaches a flow and a decoder.
        FlowTableConfig cfg = new FlowTableConfig(Set.of(), MAX_FLOWS, FlowTableConfig.DEFAULT_IDLE,
                FlowTableConfig.DEFAULT_LINGER, STREAM_CAP);
        FlowTable table = new FlowTable(cfg, info -> {
            CheckedListener l = new CheckedListener(decoders.open(info), DirectionDecoder.DEFAULT_CAP);
            listeners.add(l);
            return l;
        }, cstats);
        PacketDissector dissector = new PacketDissector(table, cstats);
        long frames = 0;
        try (CaptureFileReader reader = CaptureFileReader.open(new ByteArrayInputStream(input), "fuzz.pcap")) {
            Frame f = new Frame();
            while (reader.next(f)) {
                check(f.capLen >= 0 && f.off >= 0 && f.off + f.capLen <= f.buf.length, "frame outside its buffer");
                dissector.accept(f);
                frames++;
            }
            check(reader.packets() == frames, "reader counted " + reader.packets() + " of " + frames + " frames");
            check(reader.warnings().size() <= CaptureStreamFuzzTest.MAX_WARNINGS, "warnings unbounded: " + reader.warnings().size());
        } catch (CaptureFormatException e) {
            String m = e.getMessage();
            check(m != null && !m.isBlank() && m.indexOf('\n') < 0 && m.length() <= 300,
                    "CaptureFormatException message is not one clear line: " + m);
        } catch (IOException e) {
            throw new AssertionError("I/O error other than CaptureFormatException from an in-memory input", e);
        }
        table.finish();

        for (CheckedListener l : listeners) {
            l.verify();
        }
        check(cstats.listenerErrors == 0, "the flow table caught " + cstats.listenerErrors + " listener exceptions");
        check(dstats.get(Counter.LISTENER_ERRORS) == 0, "decoder_errors = " + dstats.get(Counter.LISTENER_ERRORS)
                + (records.isEmpty() ? "" : "; notes: " + records.stream().map(HandshakeRecord::notes).toList()));
        check(table.size() == 0, "flows left after finish: " + table.size());
        check(records.size() == listeners.size() && cstats.connections == listeners.size(),
                records.size() + " records for " + listeners.size() + " listeners and "
                        + cstats.connections + " connections");
        check(dstats.get(Counter.CONNECTIONS) == cstats.connections, "decoder and flow table disagree on connections");
        check(cstats.packets == frames, "capture stats counted " + cstats.packets + " of " + frames + " frames");
        long classified = cstats.tcpPackets + cstats.udpPackets + cstats.udpUnreachable + cstats.otherPortPackets
                + cstats.nonIpPackets + cstats.nonTcpPackets + cstats.unsupportedLinkPackets + cstats.ipFragments
                + cstats.malformedPackets;
        check(classified == cstats.packets, "of " + cstats.packets + " frames " + classified
                + " were counted as tcp, udp, udp unreachable, other port, non-IP, non-TCP, unsupported link, fragment or malformed");
        check(cstats.gaps == dstats.get(Counter.STREAM_GAPS), "flow table found " + cstats.gaps + " gaps, decoder counted "
                + dstats.get(Counter.STREAM_GAPS));
        long allocated = CheckedListener.allocatedBytes() - before;
        long budget = ALLOC_FIXED + ALLOC_PER_BYTE * input.length;
        // Loading (and instrumenting) a class allocates on this thread too: such a run is not measured.
        boolean measurable = CheckedListener.loadedClasses() == classes;
        check(!measurable || allocated <= budget, "allocated " + allocated + " bytes for a " + input.length
                + "-byte capture (budget " + budget + ")");
        return records;
    }
}
