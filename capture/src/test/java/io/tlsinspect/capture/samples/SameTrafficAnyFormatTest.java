package io.tlsinspect.capture.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.testkit.RepoFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 2, acceptance 2: one recording of real traffic saved as pcap (microseconds, nanoseconds, and
 * big-endian), pcapng and `tcpdump -i any` (Linux cooked v2) yields identical connection lists,
 * per-direction packet and byte counts, and identical reassembled bytes.
 */
class SameTrafficAnyFormatTest {
    static final Comparator<SampleCaptures.Conn> ORDER =
            Comparator.comparing(SampleCaptures.Conn::client).thenComparing(SampleCaptures.Conn::server);

    @Test
    void everyFormatOfTheBasicRecordingGivesTheSameConnections() throws Exception {
        Path dir = RepoFiles.samplesDir();
        List<SampleCaptures.Conn> reference = sorted(SampleCaptures.read(dir.resolve("basic.pcap"), Set.of(443)));
        assertThat(reference).as("basic.pcap has connections").hasSizeGreaterThanOrEqualTo(3);
        assertThat(reference).allSatisfy(c -> assertThat(c.clientPackets()).isPositive());
        for (String f : List.of("basic-ns.pcap", "basic.pcapng", "basic-any.pcap")) {
            assertThat(sorted(SampleCaptures.read(dir.resolve(f), Set.of(443)))).as(f).isEqualTo(reference);
        }
        byte[] bigEndian = toBigEndian(Files.readAllBytes(dir.resolve("basic.pcap")));
        assertThat(sorted(SampleCaptures.read(bigEndian, Set.of(443)))).as("big-endian pcap").isEqualTo(reference);
    }

    static List<SampleCaptures.Conn> sorted(List<SampleCaptures.Conn> l) {
        return l.stream().sorted(ORDER).toList();
    }

    /** Rewrites a little-endian pcap's file and record headers in big-endian order (packet bytes unchanged). */
    static byte[] toBigEndian(byte[] le) {
        ByteBuffer in = ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(in.getInt(0)).as("sample is a little-endian pcap").isEqualTo(0xA1B2C3D4);
        ByteBuffer out = ByteBuffer.allocate(le.length).order(ByteOrder.BIG_ENDIAN);
        out.putInt(in.getInt(0)).putShort(in.getShort(4)).putShort(in.getShort(6)).putInt(in.getInt(8))
                .putInt(in.getInt(12)).putInt(in.getInt(16)).putInt(in.getInt(20));
        int p = 24;
        while (p + 16 <= le.length) {
            int cap = in.getInt(p + 8);
            out.putInt(in.getInt(p)).putInt(in.getInt(p + 4)).putInt(cap).putInt(in.getInt(p + 12));
            out.put(le, p + 16, cap);
            p += 16 + cap;
        }
        return out.array();
    }
}
