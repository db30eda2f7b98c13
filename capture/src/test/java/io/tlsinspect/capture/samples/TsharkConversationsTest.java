package io.tlsinspect.capture.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.testkit.RepoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 2, acceptance 3: for every sample capture, tlsinspect's flow table and
 * {@code tshark -q -z conv,tcp -z conv,udp} agree on the TCP connections (and, issue 11, the UDP flows
 * of QUIC) and the packets in each direction.
 * tshark is a second opinion from an independent implementation; run-tests installs it.
 */
class TsharkConversationsTest {

    static Stream<Path> captures() {
        return RepoFiles.sampleCaptures().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void connectionsAndPacketsPerDirectionAgreeWithTshark(Path capture) throws Exception {
        TreeMap<String, String> tshark = tsharkConversations(capture);
        TreeMap<String, String> ours = new TreeMap<>();
        for (SampleCaptures.Conn c : SampleCaptures.read(capture, Set.of())) {
            // Key by the unordered endpoint pair; value: packets from the lower endpoint, then the higher.
            String a = c.client();
            String b = c.server();
            boolean clientFirst = a.compareTo(b) < 0;
            String key = (c.udp() ? "udp " : "tcp ") + (clientFirst ? a + " " + b : b + " " + a);
            long fromA = clientFirst ? c.clientPackets() : c.serverPackets();
            long fromB = clientFirst ? c.serverPackets() : c.clientPackets();
            ours.merge(key, fromA + "/" + fromB, TsharkConversationsTest::add);
        }
        assertThat(ours).as("connections (endpoint pair -> packets each way)").isEqualTo(tshark);
        assertThat(ours).isNotEmpty();
    }

    private static String add(String x, String y) {
        String[] p = x.split("/");
        String[] q = y.split("/");
        return (Long.parseLong(p[0]) + Long.parseLong(q[0])) + "/" + (Long.parseLong(p[1]) + Long.parseLong(q[1]));
    }

    /**
     * Parses tshark's conversation table. A line reads
     * {@code A <-> B  framesB->A bytesB->A  framesA->B bytesA->B  total...}: the first pair of columns
     * ("<-") counts frames sent by B, the second ("->") frames sent by A.
     */
    static TreeMap<String, String> tsharkConversations(Path capture) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tshark", "-n", "-q", "-z", "conv,tcp", "-z", "conv,udp", "-r", capture.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tshark exit; output:\n" + out).isZero();
        TreeMap<String, String> m = new TreeMap<>();
        String proto = "tcp ";
        for (String line : out.split("\n")) {
            if (line.startsWith("TCP Conversations") || line.startsWith("UDP Conversations")) {
                proto = line.substring(0, 3).toLowerCase(java.util.Locale.ROOT) + " ";
            }
            if (!line.contains("<->")) {
                continue;
            }
            String[] t = line.trim().split("\\s+");
            String a = bracket(t[0]);
            String b = bracket(t[2]);
            List<Long> frames = new ArrayList<>();
            // After the endpoints: frames, bytes [unit], frames, bytes [unit], ...
            int i = 3;
            while (i < t.length && frames.size() < 2) {
                frames.add(Long.parseLong(t[i].replace(",", "")));
                i += 2;
                if (i < t.length && t[i].matches("[kMGT]?B|bytes")) {
                    i++;
                }
            }
            long fromB = frames.get(0);
            long fromA = frames.get(1);
            boolean aFirst = a.compareTo(b) < 0;
            String key = proto + (aFirst ? a + " " + b : b + " " + a);
            m.merge(key, aFirst ? fromA + "/" + fromB : fromB + "/" + fromA, TsharkConversationsTest::add);
        }
        return m;
    }

    /** tshark writes IPv6 endpoints as addr:port; ours are [addr]:port. */
    private static String bracket(String endpoint) {
        int c = endpoint.lastIndexOf(':');
        String addr = endpoint.substring(0, c);
        return addr.contains(":") ? "[" + addr + "]" + endpoint.substring(c) : endpoint;
    }
}
