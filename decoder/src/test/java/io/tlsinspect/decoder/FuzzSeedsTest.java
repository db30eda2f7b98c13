package io.tlsinspect.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fuzz targets' seed corpora mean what they say: a committed connection seed, read by Jazzer's
 * own FuzzedDataProvider, plays its transcript exactly (same outcome and history as replaying the
 * transcript directly), and each committed capture seed is a capture file whose connections decode
 * as the transcripts they were built from. Without this a seed could silently decay into noise.
 */
class FuzzSeedsTest {

    static List<String> transcripts() {
        return FuzzSeeds.TRANSCRIPTS;
    }

    @ParameterizedTest
    @MethodSource("transcripts")
    void connectionSeedReplaysItsTranscript(String name) {
        HandshakeRecord expected = Transcript.load(name).replay(0);
        ConnectionFuzzTest.Played p = playSeed("seed-" + name);
        p.verify();
        assertThat(p.record().outcome()).isEqualTo(expected.outcome());
        assertThat(p.record().history()).isEqualTo(expected.history());
        assertThat(p.record().alerts()).isEqualTo(expected.alerts());
    }

    static final Map<String, Outcome> VARIANTS = Map.of(
            "seed-midstream-tls12-established", Outcome.ESTABLISHED,
            "seed-smallcap-tls13-established", Outcome.ESTABLISHED,
            "seed-segmented-tls12-unknown-ca", Outcome.CLIENT_ALERT,
            "seed-gap-tls13-unknown-ca", Outcome.CLIENT_ALERT,
            "seed-sslv2-hello", Outcome.SERVER_RESET,
            "seed-tls12-ecdsa-cert", Outcome.CLIENT_ALERT,
            "seed-tls12-ed25519-cert-dhe", Outcome.CLIENT_ALERT,
            "seed-tls12-dsa-cert-dhe", Outcome.CLIENT_ALERT,
            "seed-tls12-rsapss-cert", Outcome.CLIENT_ALERT);

    static List<String> variants() {
        return List.copyOf(VARIANTS.keySet());
    }

    @ParameterizedTest
    @MethodSource("variants")
    void connectionVariantSeedsDecide(String name) {
        ConnectionFuzzTest.Played p = playSeed(name);
        p.verify();
        assertThat(p.record().outcome()).as(name + ": " + p.record().notes()).isEqualTo(VARIANTS.get(name));
        if (name.endsWith("-cert") || name.contains("-cert-")) {
            assertThat(p.record().certificate()).as(name + " certificate parsed: " + p.record().notes()).isNotNull();
        }
    }

    @org.junit.jupiter.api.Test
    void manyConnectionsSeedOverflowsTheFlowTable() {
        List<HandshakeRecord> records = CaptureFileFuzzTest.analyze(
                read(FuzzSeeds.CAPTURE_DIR + "/seed-many-connections-evicted.pcap"));
        java.util.Map<Outcome, Long> outcomes = records.stream().collect(java.util.stream.Collectors.groupingBy(
                HandshakeRecord::outcome, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        assertThat(records.stream().map(r -> r.tcp().endReason())).as(outcomes.toString()).contains("evicted");
        assertThat(outcomes).as(outcomes.toString()).containsKeys(Outcome.NO_SERVER_RESPONSE, Outcome.MID_STREAM,
                Outcome.UNANSWERED_SYN, Outcome.NO_CLIENT_HELLO);
    }

    static final Map<String, List<Outcome>> CAPTURES = Map.of(
            "seed-tls13-established-ether-ipv4.pcap", List.of(Outcome.ESTABLISHED),
            "seed-tls12-established-raw-ipv6-nanos-be.pcap", List.of(Outcome.ESTABLISHED),
            "seed-tls12-resumed-null-seqwrap.pcap", List.of(Outcome.ESTABLISHED),
            "seed-plain-http-sll.pcap", List.of(Outcome.NOT_TLS),
            "seed-tls12-no-shared-cipher-snaplen.pcap", List.of(Outcome.SERVER_ALERT),
            "seed-tls12-unknown-ca-vlan.pcapng", List.of(Outcome.CLIENT_ALERT),
            "seed-tls13-hello-retry-sll2-ipv6-be.pcapng", List.of(Outcome.ESTABLISHED),
            "seed-two-connections-reordered.pcapng", List.of(Outcome.SERVER_ALERT, Outcome.CLIENT_ALERT),
            "seed-tls13-unknown-ca-cut-short.pcap", List.of(Outcome.INCOMPLETE));

    static List<String> captures() {
        return List.copyOf(CAPTURES.keySet());
    }

    @ParameterizedTest
    @MethodSource("captures")
    void captureSeedsDecodeAsTheirTranscripts(String name) {
        List<HandshakeRecord> records = CaptureFileFuzzTest.analyze(read(FuzzSeeds.CAPTURE_DIR + "/" + name));
        assertThat(records).extracting(HandshakeRecord::outcome)
                .as(name + ": " + records.stream().map(HandshakeRecord::notes).toList())
                .containsExactlyInAnyOrderElementsOf(CAPTURES.get(name));
    }

    private static ConnectionFuzzTest.Played playSeed(String name) {
        FdpSeed.Reader data = new FdpSeed.Reader(read(FuzzSeeds.CONNECTION_DIR + "/" + name));
        ConnectionFuzzTest.Played p = ConnectionFuzzTest.play(data);
        assertThat(data.remainingBytes()).as("seed fully consumed").isZero();
        return p;
    }

    static byte[] read(String resource) {
        try (InputStream in = FuzzSeedsTest.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource + " (run FuzzSeeds to write the seeds)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
