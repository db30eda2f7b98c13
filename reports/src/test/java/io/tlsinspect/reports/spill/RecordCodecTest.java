package io.tlsinspect.reports.spill;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.tcp.Endpoint;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.RecordSource;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spill's per-run dictionary: repeated values become numbers, read back exactly, within fixed bounds. */
class RecordCodecTest {
    @TempDir
    Path dir;

    private static final String JA3 = "771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,"
            + "0-23-65281-10-11-35-16-5-13-18-51-45-43-27-17513,29-23-24,0";

    @Test
    void aValueMetAgainInTheRunIsWrittenAsANumberAndDecodedBack() {
        RecordCodec.Dict dict = new RecordCodec.Dict();
        RecordCodec.Out o = new RecordCodec.Out();
        o.dict = dict;
        List<Integer> sizes = new ArrayList<>();
        List<HandshakeRecord> in = new ArrayList<>();
        List<ByteBuffer> encoded = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            // a fresh String each time: equal values, not the same object, as from separate decoders
            HandshakeRecord r = Hs.conn(i).at(i).client("10.1.2." + i).sni(new String("www.example.test"))
                    .ja4(new StringBuilder(JA3).toString()).suites(0xc02f, 0xc030, 0x1301).build();
            in.add(r);
            o.reset();
            RecordCodec.write(o, r);
            ByteBuffer b = o.flipped();
            sizes.add(b.remaining());
            encoded.add(ByteBuffer.allocate(b.remaining()).put(b).flip());
        }
        // first sighting inline, second defines it, third uses the same number
        assertThat(sizes.get(0)).as("second record: the JA4 string alone saves its length").isGreaterThan(sizes.get(1) + JA3.length() - 4);
        assertThat(sizes.get(2)).isEqualTo(sizes.get(1));
        assertThat(dict.count()).as("sni, ja4 and suites defined once each").isGreaterThanOrEqualTo(3);

        RecordCodec.Values values = new RecordCodec.Values();
        values.refs = RecordCodec.readRefs(dict.definitions(), dict.count(), values);
        for (int i = 0; i < 3; i++) {
            HandshakeRecord back = RecordCodec.read(encoded.get(i), values, 100 + i);
            assertThat(back).isEqualTo(in.get(i).withId(100 + i));
        }
    }

    @Test
    void clientEndpointsStayInlineAndRoundTrip() {
        // a new source port per connection: an endpoint look-up would be wasted, so even one met again
        // in the run is not defined (the server endpoint and the client's address still are)
        RecordCodec.Dict dict = new RecordCodec.Dict();
        RecordCodec.Out o = new RecordCodec.Out();
        o.dict = dict;
        List<HandshakeRecord> in = new ArrayList<>();
        List<ByteBuffer> encoded = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            HandshakeRecord r = Hs.conn(i).at(i).client(new String("10.9.8.7")).server("192.0.2.1").build();
            HandshakeRecord same = new HandshakeRecord(r.id(), r.tsNanos(), r.endTsNanos(),
                    new io.tlsinspect.capture.tcp.Endpoint(r.client().ip(), 50123), r.server(), r.tcp(), r.outcome(),
                    r.established(), r.version(), r.cipher(), r.resumed(), r.helloRetry(), r.alerts(), r.decisiveAlert(),
                    r.clientHello(), r.serverHello(), r.certificate(), r.history(), r.inferred(), r.notes(),
                    r.keyExchangeGroup(), r.transport(), r.heartbeats());
            in.add(same);
            o.reset();
            RecordCodec.write(o, same);
            ByteBuffer b = o.flipped();
            encoded.add(ByteBuffer.allocate(b.remaining()).put(b).flip());
        }
        RecordCodec.Values values = new RecordCodec.Values();
        values.refs = RecordCodec.readRefs(dict.definitions(), dict.count(), values);
        assertThat(values.refs).as("the server endpoint and the client's address repeat: defined")
                .contains(in.get(0).server(), "10.9.8.7");
        assertThat(values.refs).doesNotContain(in.get(0).client());
        for (int i = 0; i < 3; i++) {
            assertThat(RecordCodec.read(encoded.get(i), values, RecordCodec.KEEP_ID)).isEqualTo(in.get(i));
        }
    }

    @Test
    void aDecisiveAlertFromTheListIsDecodedOnceAndOneOutsideItStillRoundTrips() {
        io.tlsinspect.decoder.model.AlertEvent warning =
                new io.tlsinspect.decoder.model.AlertEvent("client", 1, "close_notify", 0, false, false, 5L);
        io.tlsinspect.decoder.model.AlertEvent fatal =
                new io.tlsinspect.decoder.model.AlertEvent("server", 2, "handshake_failure", 40, false, false, 7L);
        io.tlsinspect.decoder.model.AlertEvent other =
                new io.tlsinspect.decoder.model.AlertEvent("server", 2, "internal_error", 80, true, true, 9L);
        HandshakeRecord h = Hs.conn(1).at(1).build();
        List<HandshakeRecord> in = new ArrayList<>();
        in.add(withAlerts(h, List.of(warning, fatal),
                new io.tlsinspect.decoder.model.AlertEvent("server", 2, "handshake_failure", 40, false, false, 7L)));
        in.add(withAlerts(h, List.of(warning), other));
        in.add(withAlerts(h, null, other));
        in.add(withAlerts(h, List.of(fatal), null));
        RecordCodec.Values values = new RecordCodec.Values();
        RecordCodec.Out o = new RecordCodec.Out();
        for (HandshakeRecord r : in) {
            o.reset();
            RecordCodec.write(o, r);
            ByteBuffer b = o.flipped();
            HandshakeRecord back = RecordCodec.read(ByteBuffer.allocate(b.remaining()).put(b).flip(), values,
                    RecordCodec.KEEP_ID);
            assertThat(back).isEqualTo(r);
            if (r == in.get(0)) {
                assertThat(back.decisiveAlert()).as("the list's alert, not a copy").isSameAs(back.alerts().get(1));
            }
        }
    }

    private static HandshakeRecord withAlerts(HandshakeRecord r, List<io.tlsinspect.decoder.model.AlertEvent> alerts,
            io.tlsinspect.decoder.model.AlertEvent decisive) {
        return new HandshakeRecord(r.id(), r.tsNanos(), r.endTsNanos(), r.client(), r.server(), r.tcp(), r.outcome(),
                r.established(), r.version(), r.cipher(), r.resumed(), r.helloRetry(), alerts, decisive,
                r.clientHello(), r.serverHello(), r.certificate(), r.history(), r.inferred(), r.notes(),
                r.keyExchangeGroup(), r.transport(), r.heartbeats());
    }

    @Test
    void aServerSessionIdEchoingTheClientsIsOneByteAndReadBackAsTheClientsString() {
        // RFC 8446 §4.1.3: a TLS 1.3 server echoes the client's legacy_session_id; a TLS 1.2 server
        // resuming by ID too. Other IDs (a new TLS 1.2 session, none) are written out and still round-trip.
        String sid = "5f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
        List<HandshakeRecord> in = List.of(
                Hs.conn(1).at(1).session(sid).serverHello(0x0304, 0x1301, new String(sid)).build(),
                Hs.conn(2).at(2).session(sid).serverHello(0x0303, 0xc02f, "00aa").build(),
                Hs.conn(3).at(3).session("").serverHello(0x0303, 0xc02f, sid).build(),
                Hs.conn(4).at(4).session("").serverHello(0x0303, 0xc02f, null).build(),
                Hs.conn(5).at(5).session(sid).noHello().serverHello(0x0303, 0xc02f, sid).build());
        RecordCodec.Values values = new RecordCodec.Values();
        RecordCodec.Out o = new RecordCodec.Out();
        int[] sizes = new int[in.size()];
        for (int i = 0; i < in.size(); i++) {
            HandshakeRecord r = in.get(i);
            o.reset();
            RecordCodec.write(o, r);
            ByteBuffer b = o.flipped();
            sizes[i] = b.remaining();
            HandshakeRecord back = RecordCodec.read(ByteBuffer.allocate(b.remaining()).put(b).flip(), values,
                    RecordCodec.KEEP_ID);
            assertThat(back).isEqualTo(r);
            if (i == 0) {
                assertThat(back.serverHello().sessionId()).as("the ClientHello's string, not a copy")
                        .isSameAs(back.clientHello().sessionId());
            }
        }
        assertThat(sizes[1] - sizes[0]).as("an echo costs no bytes of its own").isEqualTo(4 + "00aa".length());
    }

    @Test
    void aRecordReadPastItsLengthFailsInsteadOfReadingItsNeighbour() {
        RecordCodec.Out o = new RecordCodec.Out();
        RecordCodec.write(o, Hs.conn(1).at(1).sni("www.example.test").build());
        ByteBuffer b = o.flipped();
        int n = b.remaining();
        ByteBuffer whole = ByteBuffer.allocate(n + 16).put(b).flip(); // bytes after the record, as in a run
        ByteBuffer cut = whole.duplicate().limit(n - 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> RecordCodec.read(cut, new RecordCodec.Values(), RecordCodec.KEEP_ID))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("overruns");
        RecordCodec.read(whole, new RecordCodec.Values(), RecordCodec.KEEP_ID);
        assertThat(whole.position()).as("the buffer moved past the record, no further").isEqualTo(n);
    }

    @Test
    void notesAndSessionIdsMadeAfreshPerRecordAreKnownByValueAndNeverConfused() {
        RecordCodec.Dict dict = new RecordCodec.Dict();
        String note = "established (inferred): the client's first protected record is Finished-sized (53 bytes)";
        // a fresh list of fresh strings each time, as the decoder formats them per record
        assertThat(dict.ref(RecordCodec.Dict.STRINGS, List.of(new String(note)))).isEqualTo(-1);
        int id = dict.ref(RecordCodec.Dict.STRINGS, List.of(new String(note)));
        assertThat(id).as("met again: defined").isGreaterThanOrEqualTo(0);
        assertThat(dict.ref(RecordCodec.Dict.STRINGS, List.of(new String(note)))).isEqualTo(id);
        String other = note.replace("53", "54"); // one character apart
        assertThat(dict.ref(RecordCodec.Dict.STRINGS, List.of(other))).isNotEqualTo(id);
        assertThat(dict.ref(RecordCodec.Dict.STRINGS, List.of(other))).isNotEqualTo(id).isGreaterThanOrEqualTo(0);
        // characters equal in their low byte only ('\u0100' and '\u0200'): the same hash, not the same value
        int wide = -1;
        for (int k = 0; k < 2; k++) {
            wide = dict.ref(RecordCodec.Dict.STRINGS, List.of("note \u0100 " + "x".repeat(20)));
        }
        assertThat(dict.ref(RecordCodec.Dict.STRINGS, List.of("note \u0200 " + "x".repeat(20)))).isNotEqualTo(wide);

        String sid = "5f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
        assertThat(dict.refSessionId(new String(sid))).isEqualTo(-1);
        int sidRef = dict.refSessionId(new String(sid));
        assertThat(sidRef).as("a session resumed by ID: defined").isGreaterThanOrEqualTo(0);
        assertThat(dict.refSessionId(sid.replace('5', '6'))).isNotEqualTo(sidRef);

        RecordCodec.Values values = new RecordCodec.Values();
        Object[] refs = RecordCodec.readRefs(dict.definitions(), dict.count(), values);
        assertThat(refs[id]).isEqualTo(List.of(note));
        assertThat(refs[sidRef]).isEqualTo(sid);
    }

    @Test
    void aSharedListIsKnownByIdentityWithinItsRunOnly() {
        RecordCodec.Dict dict = new RecordCodec.Dict();
        List<Integer> suites = List.of(0x1301, 0x1302, 0xc02f); // one object, as the decoder's interner shares it
        List<Object> empty = List.of(); // the same object as an empty suite list and an empty string list
        assertThat(dict.ref(RecordCodec.Dict.INTS, suites)).isEqualTo(-1);
        assertThat(dict.ref(RecordCodec.Dict.INTS, suites)).isZero();
        assertThat(dict.ref(RecordCodec.Dict.INTS, List.of(0x1301, 0x1302, 0xc02f))).as("equal, not the same").isZero();
        dict.ref(RecordCodec.Dict.INTS, empty);
        int asInts = dict.ref(RecordCodec.Dict.INTS, empty);
        assertThat(dict.ref(RecordCodec.Dict.STRINGS, empty)).as("another kind: its own entry").isNotEqualTo(asInts);
        dict.reset();
        assertThat(dict.ref(RecordCodec.Dict.INTS, suites)).as("a new run knows nothing yet").isEqualTo(-1);
        assertThat(dict.ref(RecordCodec.Dict.INTS, suites)).isZero();
    }

    @Test
    void manyDistinctValuesMetTwiceStayWithinTheRunBudget() {
        RecordCodec.Dict dict = new RecordCodec.Dict();
        int defined = 0;
        for (int i = 0; i < 200_000; i++) {
            String s = "client-" + i + "-" + "x".repeat(i % 300);
            dict.ref(RecordCodec.Dict.STRING, s);
            if (dict.ref(RecordCodec.Dict.STRING, new String(s)) >= 0) {
                defined++;
            }
        }
        assertThat(defined).as("some defined, then the budget is spent").isPositive().isLessThan(200_000);
        assertThat(dict.bytes()).isLessThanOrEqualTo(RecordCodec.Dict.BUDGET + RecordCodec.Dict.MAX_DEFINITION);
        assertThat(dict.ref(RecordCodec.Dict.STRING, "a-new-value")).as("past the budget: inline").isEqualTo(-1);
        assertThat(dict.ref(RecordCodec.Dict.STRING, "a-new-value")).isEqualTo(-1);
        dict.reset();
        assertThat(dict.bytes()).isZero();
        assertThat(dict.ref(RecordCodec.Dict.STRING, "a-new-value")).isEqualTo(-1);
        assertThat(dict.ref(RecordCodec.Dict.STRING, "a-new-value")).as("a new run starts at 0").isZero();
        // a value too long to define stays inline however often it is met
        String huge = "y".repeat(RecordCodec.Dict.MAX_CHARS + 1);
        for (int i = 0; i < 3; i++) {
            assertThat(dict.ref(RecordCodec.Dict.STRING, huge)).isEqualTo(-1);
        }
        List<String> longStrings = Collections.nCopies(8, "z".repeat(1000)); // 8 KB of definition
        for (int i = 0; i < 3; i++) {
            assertThat(dict.ref(RecordCodec.Dict.STRINGS, longStrings)).isEqualTo(-1);
        }
    }

    @Test
    void theDictionariesOfALongSpillStayBoundedInSum() {
        // a merge holds every run's dictionary: their budgets must not add up linearly with the runs
        long sum = 0;
        for (int run = 0; run < 1000; run++) { // 8.2M records: twice the 10 GiB bench capture
            int b = RecordSpill.dictionaryBudget(run);
            assertThat(b).isBetween(4096, RecordCodec.Dict.BUDGET);
            sum += b;
        }
        assertThat(sum).isLessThan(16L << 20).isGreaterThan(4L << 20);
        RecordCodec.Dict dict = new RecordCodec.Dict();
        dict.budget(RecordSpill.dictionaryBudget(999));
        for (int i = 0; i < 10_000; i++) {
            String s = "v" + i;
            dict.ref(RecordCodec.Dict.STRING, s);
            dict.ref(RecordCodec.Dict.STRING, s);
        }
        assertThat(dict.bytes()).isLessThanOrEqualTo(RecordSpill.dictionaryBudget(999) + RecordCodec.Dict.MAX_DEFINITION);
    }

    @Test
    void theDictionaryComparesEndpointsAsEndpointEqualsDoes() {
        // Dict.sameEndpoint spells out Endpoint's equality: it must name every component, and agree
        assertThat(java.util.Arrays.stream(Endpoint.class.getRecordComponents()).map(c -> c.getName()))
                .containsExactly("ip", "port");
        List<Endpoint> all = List.of(new Endpoint("192.0.2.1", 443), new Endpoint(new String("192.0.2.1"), 443),
                new Endpoint("192.0.2.1", 8443), new Endpoint("192.0.2.10", 443), new Endpoint(null, 443), new Endpoint(null, 443));
        for (Endpoint a : all) {
            for (Endpoint b : all) {
                assertThat(RecordCodec.Dict.sameEndpoint(a, b)).as("%s vs %s", a, b).isEqualTo(a.equals(b));
            }
        }
    }

    @Test
    void theMergeBuffersStayBoundedInSumAndWithinTheirLimitsEach() {
        // a merge holds one buffer per run: few runs read in big blocks, many keep the smallest size
        for (int runs = 1; runs <= 5000; runs++) {
            int b = RecordSpill.mergeBuffer(runs);
            assertThat(b).isBetween(16 * 1024, 256 * 1024);
            assertThat((long) b * runs).isLessThanOrEqualTo(Math.max(4L << 20, runs * 16L * 1024));
        }
        assertThat(RecordSpill.mergeBuffer(51)).isGreaterThan(64 * 1024); // the 1 GiB bench capture's runs
        assertThat(RecordSpill.mergeBuffer(500)).isEqualTo(16 * 1024); // the 10 GiB one's: as before
    }

    @Test
    void runsOfHostileDistinctAndRepeatedValuesReadBackExactlyInTimeOrder() throws Exception {
        // more distinct values than slots (collisions replace slots; numbers given stay valid), values met
        // twice in a run, long lists that stay inline, shuffled times: several runs merged
        Random rnd = new Random(23);
        int n = RecordSpill.RUN * 3 + 11;
        List<HandshakeRecord> in = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            int pick = rnd.nextInt(3 * RecordCodec.Dict.SLOTS);
            Hs h = Hs.conn(i).atNanos(rnd.nextInt(1_000_000) * 1000L)
                    .client("10." + (pick >> 8) + "." + (pick & 255) + ".1")
                    .sni("host-" + pick + ".example").session(Integer.toHexString(rnd.nextInt()))
                    .ja4(rnd.nextInt(50) == 0 ? "j".repeat(5000 + rnd.nextInt(10)) : "t13d" + (pick % 97) + "_x");
            if (rnd.nextInt(100) == 0) {
                Integer[] many = new Integer[RecordCodec.Dict.MAX_CHARS + 5];
                for (int k = 0; k < many.length; k++) {
                    many[k] = k;
                }
                h.suites(many);
            } else {
                h.suites(0xc02f, pick % 7, 0x1301);
            }
            if (rnd.nextBoolean()) {
                h.alpn("h2", "proto-" + (pick % 13));
            }
            int server = pick % 5;
            h.server("192.0.2." + server); // a server's address and certificate: whole objects in the dictionary
            if (server > 0) {
                h.certificate(new io.tlsinspect.decoder.model.CertificateInfo("CN=s" + server, "CN=ca",
                        List.of("s" + server + ".example", "*.s" + server + ".example"), "2026-01-01T00:00:00Z",
                        "2027-01-01T00:00:00Z", "EC", 256, 2, false, Integer.toHexString(server).repeat(8)));
            }
            in.add(h.build());
        }
        List<HandshakeRecord> expected = new ArrayList<>(in);
        expected.sort(RecordSource.TIME_ORDER);
        try (RecordSpill spill = new RecordSpill(dir)) {
            in.forEach(spill::add);
            for (int pass = 0; pass < 2; pass++) {
                List<HandshakeRecord> out = new ArrayList<>();
                spill.forEach(out::add);
                assertThat(out).hasSize(n).isEqualTo(expected);
            }
        }
    }
}
