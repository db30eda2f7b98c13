package io.tlsinspect.decoder;

import com.code_intelligence.jazzer.agent.AgentInstaller;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.tls.DirectionDecoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Coverage-guided fuzz target for the decoder (DESIGN §3: hostile bytes never crash the run, never
 * exhaust memory, and are counted). The fuzzer's input is a script for one connection: a few flags,
 * then events — a chunk of client or server bytes, a gap, a FIN, a RST — played to the listener that
 * {@link HandshakeDecoderFactory} opens, then {@code onClose}.
 *
 * <p>Without {@code JAZZER_FUZZ} this is a plain JUnit test that replays every file in
 * {@code src/test/resources/io/tlsinspect/decoder/ConnectionFuzzTestInputs/fuzzConnection/}: the seed
 * corpus (real OpenSSL handshakes from {@code transcripts/}, written by {@link FuzzSeeds}) and every
 * crash input found so far. {@code scripts/fuzz.sh} fuzzes for real.
 *
 * <p>Script layout ({@link FdpSeed} writes it): {@code consumeInt(0, 7)} flags (bit 0: the connection
 * began before the capture; bit 1: a small buffer cap; bit 2: no SYN-ACK seen), {@code consumeInt}
 * the end reason, then until the input runs out, {@code consumeInt(0, 15)} an event (bit 0: the
 * server sends it; the rest: 0-4 data, 5 gap, 6 FIN, 7 RST) with its arguments: data
 * {@code consumeInt(1, MAX_CHUNK)} then that many bytes; gap {@code consumeInt(1, MAX_GAP)}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionFuzzTest {
    static final int MAX_CHUNK = 20_000;
    static final int MAX_GAP = Integer.MAX_VALUE;
    static final int MAX_EVENTS = 4_000;
    static final int SMALL_CAP = 512;
    static final int EV_DATA = 0;
    static final int EV_GAP = 5;
    static final int EV_FIN = 6;
    static final int EV_RST = 7;
    /**
     * Allocation allowed for one connection: a fixed amount for parsing (Bouncy Castle's certificate
     * parser, name tables) plus a multiple of the bytes actually handed over. A buffer sized by a
     * length field, or work that grows faster than the input, breaks it.
     */
    static final long ALLOC_FIXED = 16L << 20;
    static final long ALLOC_PER_BYTE = 64;

    private static final EndReason[] REASONS = EndReason.values();

    @Order(1)
    @FuzzTest(maxDuration = "5m")
    void fuzzConnection(FuzzedDataProvider data) {
        play(new Input() {
            @Override
            public int consumeInt(int min, int max) {
                return data.consumeInt(min, max);
            }

            @Override
            public byte[] consumeBytes(int maxLength) {
                return data.consumeBytes(maxLength);
            }

            @Override
            public int remainingBytes() {
                return data.remainingBytes();
            }
        }).verify();
    }

    /**
     * {@link FdpSeed} writes seeds and {@link FdpSeed.Reader} reads them as Jazzer's provider would:
     * checked here against the real one, on the committed seeds and on random bytes. Jazzer's
     * provider needs the classes its agent adds to the boot class path. In a run of the whole class
     * {@link #fuzzConnection} goes first and installs the agent with its hooks; run alone, this test
     * installs just those classes (Jazzer's own installer, without instrumentation) and still runs.
     */
    @Order(2)
    @Test
    void seedReaderMatchesJazzersProvider() throws Exception {
        AgentInstaller.install(false);
        check(jazzerProviderLoadable(), "Jazzer's provider cannot load: its boot class path jar is missing");
        List<byte[]> inputs = new ArrayList<>();
        for (String name : FuzzSeeds.connectionSeeds().keySet()) {
            inputs.add(FuzzSeedsTest.read(FuzzSeeds.CONNECTION_DIR + "/" + name));
        }
        java.util.Random rnd = new java.util.Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[rnd.nextInt(64)];
            rnd.nextBytes(b);
            inputs.add(b);
        }
        int[][] ranges = {{0, 7}, {0, 4}, {0, 15}, {1, MAX_CHUNK}, {1, MAX_GAP}, {0, 300}, {0, 65535}, {0, 65536}, {0, 0}, {-5, 300}, {1000, 1100}, {-70000, -3}};
        for (byte[] in : inputs) {
            FdpSeed.Reader mine = new FdpSeed.Reader(in);
            try (com.code_intelligence.jazzer.driver.FuzzedDataProviderImpl real =
                         com.code_intelligence.jazzer.driver.FuzzedDataProviderImpl.withJavaData(in)) {
                for (int step = 0; real.remainingBytes() > 0 && step < 10_000; step++) {
                    if (rnd.nextInt(3) == 0) {
                        int n = rnd.nextInt(40);
                        check(java.util.Arrays.equals(mine.consumeBytes(n), real.consumeBytes(n)), "consumeBytes differs");
                    } else {
                        int[] r = ranges[rnd.nextInt(ranges.length)];
                        int a = mine.consumeInt(r[0], r[1]);
                        int b = real.consumeInt(r[0], r[1]);
                        check(a == b, "consumeInt(" + r[0] + ", " + r[1] + "): " + a + " != " + b);
                    }
                    check(mine.remainingBytes() == real.remainingBytes(), "remainingBytes differs");
                }
            }
        }
    }

    private static boolean jazzerProviderLoadable() {
        try {
            // Lives in the jar Jazzer's agent adds to the boot class path; absent, the provider cannot load.
            Class.forName("com.code_intelligence.jazzer.utils.UnsafeProvider", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * The part of {@link FuzzedDataProvider} a script reads. Jazzer's implementation only loads once
     * its agent is installed (by a running {@code @FuzzTest}), so {@link FuzzSeedsTest} reads the same
     * scripts through {@link FdpSeed.Reader}, a plain-Java copy of its algorithm.
     */
    interface Input {
        int consumeInt(int min, int max);

        byte[] consumeBytes(int maxLength);

        int remainingBytes();
    }

    /** What one script did: enough to check it, and for {@link FuzzSeedsTest} to see what it decided. */
    record Played(PlayedConnection connection, CheckedListener listener, DecoderStats stats,
                  List<HandshakeRecord> records, int cap) {

        HandshakeRecord record() {
            return records.get(0);
        }

        void verify() {
            listener.verify();
            check(records.size() == 1, "expected exactly one HandshakeRecord, got " + records.size());
            HandshakeRecord r = record();
            check(stats.get(Counter.LISTENER_ERRORS) == 0, "decoder_errors = " + stats.get(Counter.LISTENER_ERRORS)
                    + " (an exception was caught inside the decoder): " + r.notes());
            check(stats.get(Counter.CONNECTIONS) == 1, "decoded_connections = " + stats.get(Counter.CONNECTIONS));
            check(stats.get(Counter.TLS_CONNECTIONS) <= 1, "tls_connections = " + stats.get(Counter.TLS_CONNECTIONS));
            check(stats.get(Counter.STREAM_GAPS) == connection.gapsDelivered, "stream_gaps = " + stats.get(Counter.STREAM_GAPS)
                    + " but " + connection.gapsDelivered + " gaps were delivered");
            check(stats.get(Counter.MALFORMED_HELLOS) <= stats.get(Counter.MALFORMED_MESSAGES), "malformed hellos not among messages");
            check(r.outcome() != null, "no outcome");
            check(r.established() == (r.outcome() == io.tlsinspect.decoder.model.Outcome.ESTABLISHED),
                    "established flag disagrees with outcome " + r.outcome());
            check(r.notes().size() <= 17, "notes unbounded: " + r.notes().size());
            check(r.history().length() <= 65, "history unbounded: " + r.history().length());
            check(r.alerts().size() <= 8, "alerts unbounded: " + r.alerts().size());
            long budget = ALLOC_FIXED + ALLOC_PER_BYTE * connection.bytesDelivered;
            check(!listener.allocationMeasurable() || listener.allocated() <= budget, "the decoder allocated " + listener.allocated()
                    + " bytes for " + connection.bytesDelivered + " bytes of input (budget " + budget + ")");
        }
    }

    static Played play(Input data) {
        int flags = data.consumeInt(0, 7);
        EndReason reason = REASONS[data.consumeInt(0, REASONS.length - 1)];
        int cap = (flags & 2) != 0 ? SMALL_CAP : DirectionDecoder.DEFAULT_CAP;
        DecoderStats stats = new DecoderStats();
        List<HandshakeRecord> records = new ArrayList<>(1);
        HandshakeDecoderFactory factory = new HandshakeDecoderFactory(records::add, stats, cap);
        CheckedListener[] listener = new CheckedListener[1];
        PlayedConnection c = new PlayedConnection((flags & 1) != 0, (flags & 4) == 0,
                info -> listener[0] = new CheckedListener(factory.open(info), cap));
        for (int n = 0; n < MAX_EVENTS && data.remainingBytes() > 0; n++) {
            int op = data.consumeInt(0, 15);
            Direction dir = (op & 1) == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
            int kind = op >> 1;
            if (kind < EV_GAP) {
                c.data(dir, data.consumeBytes(data.consumeInt(1, MAX_CHUNK)));
            } else if (kind == EV_GAP) {
                c.gap(dir, data.consumeInt(1, MAX_GAP));
            } else if (kind == EV_FIN) {
                c.fin(dir);
            } else {
                c.rst(dir);
            }
        }
        c.close(reason);
        return new Played(c, listener[0], stats, records, cap);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
