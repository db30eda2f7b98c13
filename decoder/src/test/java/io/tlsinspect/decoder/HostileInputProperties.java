package io.tlsinspect.decoder;

import static io.tlsinspect.decoder.TestConnection.C;
import static io.tlsinspect.decoder.TestConnection.S;
import static org.assertj.core.api.Assertions.assertThat;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.model.HandshakeRecord;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A capture is hostile input (DESIGN §3): whatever the bytes, the listener never throws, no parser
 * throws even inside the listener's own guard ({@code decoder_errors} stays 0), exactly one record
 * comes out, and no connection ever holds more than its cap.
 */
class HostileInputProperties {
    private static final int CAP = 4096;
    private static final List<String> TRANSCRIPTS = List.of("tls13-established", "tls12-established",
            "tls12-resumed", "tls13-hello-retry", "tls12-unknown-ca", "tls13-unknown-ca", "tls12-fallback-scsv");

    @Property(tries = 3000)
    void randomBytesBothWays(@ForAll @Size(max = 3000) byte[] client, @ForAll @Size(max = 3000) byte[] server,
                             @ForAll @IntRange(min = 1, max = 700) int segment, @ForAll("reasons") EndReason reason) {
        TestConnection c = TestConnection.withCap(CAP);
        c.segmented(C, client, segment).segmented(S, server, segment);
        check(c, c.close(reason));
    }

    @Property(tries = 3000)
    void recordShapedNoise(@ForAll("recordStreams") byte[] client, @ForAll("recordStreams") byte[] server,
                           @ForAll @IntRange(min = 1, max = 1500) int segment, @ForAll long seed) {
        TestConnection c = TestConnection.withCap(CAP);
        Random rnd = new Random(seed);
        interleave(c, client, server, segment, rnd);
        check(c, c.close(EndReason.END_OF_CAPTURE));
    }

    @Property(tries = 2000)
    void mutatedRealHandshakes(@ForAll @IntRange(min = 0, max = 6) int which, @ForAll long seed,
                               @ForAll @IntRange(min = 1, max = 40) int mutations,
                               @ForAll @IntRange(min = 1, max = 2000) int segment) {
        Transcript t = Transcript.load(TRANSCRIPTS.get(which));
        Random rnd = new Random(seed);
        byte[] client = mutate(t.stream(C), mutations, rnd);
        byte[] server = mutate(t.stream(S), mutations, rnd);
        TestConnection c = TestConnection.withCap(CAP);
        interleave(c, client, server, segment, rnd);
        if (rnd.nextBoolean()) {
            c.rst(rnd.nextBoolean() ? C : S);
        }
        check(c, c.close(EndReason.CLOSED));
    }

    private static void check(TestConnection c, HandshakeRecord r) {
        assertThat(c.emitted).hasSize(1);
        assertThat(r.outcome()).isNotNull();
        assertThat(c.stats.get(Counter.LISTENER_ERRORS)).as("exceptions caught at the listener boundary").isZero();
        assertThat(c.maxBuffered()).isLessThanOrEqualTo(2 * CAP);
        assertThat(r.notes().size()).isLessThanOrEqualTo(17);
        assertThat(r.history().length()).isLessThanOrEqualTo(65);
    }

    /** Sends the two streams in alternating chunks, as a conversation would. */
    private static void interleave(TestConnection c, byte[] client, byte[] server, int segment, Random rnd) {
        int ci = 0;
        int si = 0;
        while (ci < client.length || si < server.length) {
            boolean toServer = si >= server.length || (ci < client.length && rnd.nextBoolean());
            byte[] src = toServer ? client : server;
            int i = toServer ? ci : si;
            int n = Math.min(1 + rnd.nextInt(segment), src.length - i);
            c.data(toServer ? C : S, src, i, n);
            if (toServer) {
                ci += n;
            } else {
                si += n;
            }
        }
    }

    static byte[] mutate(byte[] in, int mutations, Random rnd) {
        byte[] b = in.clone();
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int i = rnd.nextInt(b.length);
            switch (rnd.nextInt(5)) {
                case 0 -> b[i] = (byte) rnd.nextInt(256);
                case 1 -> b[i] = (byte) (b[i] ^ (1 << rnd.nextInt(8)));
                case 2 -> b[i] = (byte) (rnd.nextBoolean() ? 0 : 0xff);
                case 3 -> b = java.util.Arrays.copyOf(b, i);                     // truncate
                default -> {                                                      // duplicate a slice
                    int n = Math.min(rnd.nextInt(64), b.length - i);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, i + n);
                    out.write(b, i, n);
                    out.write(b, i + n, b.length - i - n);
                    b = out.toByteArray();
                }
            }
        }
        return b;
    }

    @Provide
    Arbitrary<EndReason> reasons() {
        return Arbitraries.of(EndReason.class);
    }

    /** Streams of plausible record headers around noise, handshake headers with lying lengths. */
    @Provide
    Arbitrary<byte[]> recordStreams() {
        Arbitrary<byte[]> fragment = Combinators.combine(
                Arbitraries.integers().between(0, 30),                 // handshake type
                Arbitraries.integers().between(0, 0xffffff),           // claimed message length
                Arbitraries.bytes().array(byte[].class).ofMaxSize(400)).as((type, len, noise) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(type);
                    out.write(len >>> 16);
                    out.write(len >>> 8);
                    out.write(len);
                    out.writeBytes(noise);
                    return out.toByteArray();
                });
        Arbitrary<byte[]> record = Combinators.combine(Arbitraries.integers().between(19, 25),
                Arbitraries.integers().between(0, 4), fragment, Arbitraries.integers().between(-3, 3))
                .as((type, minor, frag, lie) -> {
                    int len = Math.max(0, frag.length + (lie == 0 ? 0 : lie));
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(type);
                    out.write(3);
                    out.write(minor);
                    out.write(len >>> 8);
                    out.write(len);
                    out.writeBytes(frag);
                    return out.toByteArray();
                });
        return record.list().ofMaxSize(12).map(list -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            list.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    @Property(tries = 300)
    void oneByteSegmentsGiveTheSameResultAsWholeSegments(@ForAll @IntRange(min = 0, max = 6) int which) {
        Transcript t = Transcript.load(TRANSCRIPTS.get(which));
        HandshakeRecord a = t.replay(0);
        HandshakeRecord b = t.replay(1);
        assertThat(b.outcome()).isEqualTo(a.outcome());
        assertThat(b.history()).isEqualTo(a.history());
        assertThat(b.clientHello()).isEqualTo(a.clientHello());
    }
}
