package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsinspect.testkit.CaptureBytes;
import io.tlsinspect.testkit.JsonContract;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: an SSL 2.0 session in a capture file, end to end: SSLv2 CLIENT-HELLO, SERVER-HELLO (no
 * certificate data), CLIENT-MASTER-KEY, then encrypted records both ways, written from the SSL 2.0
 * specification's layouts (draft-hickman §1.1, §2.5, §2.6; no stack here speaks SSL 2.0). The JSON
 * keeps the documented contract with SSL 2.0's nulls (no JA3, no JA3S), and names the server.
 */
class Sslv2EndToEndTest {
    @TempDir
    Path dir;

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    private static byte[] n(int count, int fill) {
        byte[] out = new byte[count];
        java.util.Arrays.fill(out, (byte) fill);
        return out;
    }

    /** §1.1 two-byte header (high bit set). */
    private static byte[] rec2(byte[] data) {
        return cat(b(0x80 | (data.length >> 8), data.length & 0xff), data);
    }

    /** §1.1 three-byte header: length, then PADDING. */
    private static byte[] rec3(int length, int padding) {
        return cat(b((length >> 8) & 0x3f, length & 0xff, padding), n(length, 0x6d));
    }

    @Test
    void sslv2SessionIsReportedWithTheServerFinding() throws Exception {
        // §2.5 CLIENT-HELLO: type 1, version 0x0002, specs length 3, session id 0, challenge 16;
        // spec SSL_CK_RC4_128_WITH_MD5 (01,00,80).
        byte[] hello = rec2(cat(b(1, 0x00, 0x02, 0x00, 0x03, 0x00, 0x00, 0x00, 0x10, 0x01, 0x00, 0x80), n(16, 0x11)));
        // §2.6 SERVER-HELLO: type 4, hit 0, cert type 1, version 0x0002, cert length 0, specs length 3,
        // connection-id length 16; the spec; the connection-id.
        byte[] serverHello = rec2(cat(b(4, 0, 1, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x10, 0x01, 0x00, 0x80),
                n(16, 0x22)));
        // §2.5 CLIENT-MASTER-KEY: type 2, kind 01,00,80, clear 11 (export: 0 here), encrypted 64, key-arg 0.
        byte[] cmk = rec2(cat(b(2, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00), n(64, 0x33)));
        byte[] clientFinished = rec3(33, 0); // RC4: a stream cipher, no padding (MAC 16 + 1 + 16)
        byte[] serverVerify = rec3(33, 0);
        byte[] cl = CaptureBytes.addr(198, 51, 100, 2);
        byte[] sv = CaptureBytes.addr(203, 0, 113, 2);
        long t = 1_700_000_000_000_000_000L;
        List<CaptureBytes.Packet> p = new ArrayList<>();
        int cs = 1000;
        int ss = 5000;
        p.add(new CaptureBytes.Packet(t, CaptureBytes.ipv4(cl, 40000, sv, 443, cs, 0, CaptureBytes.SYN, new byte[0])));
        p.add(new CaptureBytes.Packet(t + 1_000_000, CaptureBytes.ipv4(sv, 443, cl, 40000, ss, cs + 1,
                CaptureBytes.SYN | CaptureBytes.ACK, new byte[0])));
        cs++;
        ss++;
        byte[][] flow = {hello, serverHello, cat(cmk, clientFinished), serverVerify, rec3(100, 0), rec3(400, 0)};
        boolean client = true;
        for (int i = 0; i < flow.length; i++) {
            byte[] d = flow[i];
            long ts = t + (i + 2) * 1_000_000L;
            if (client) {
                p.add(new CaptureBytes.Packet(ts, CaptureBytes.ipv4(cl, 40000, sv, 443, cs, ss,
                        CaptureBytes.ACK | CaptureBytes.PSH, d)));
                cs += d.length;
            } else {
                p.add(new CaptureBytes.Packet(ts, CaptureBytes.ipv4(sv, 443, cl, 40000, ss, cs,
                        CaptureBytes.ACK | CaptureBytes.PSH, d)));
                ss += d.length;
            }
            client = !client;
        }
        p.add(new CaptureBytes.Packet(t + 20_000_000, CaptureBytes.ipv4(cl, 40000, sv, 443, cs, ss,
                CaptureBytes.FIN | CaptureBytes.ACK, new byte[0])));
        p.add(new CaptureBytes.Packet(t + 21_000_000, CaptureBytes.ipv4(sv, 443, cl, 40000, ss, cs + 1,
                CaptureBytes.FIN | CaptureBytes.ACK, new byte[0])));
        Path pcap = dir.resolve("sslv2.pcap");
        Files.write(pcap, CaptureBytes.pcap(p, CaptureBytes.LINK_RAW, false, false, false, 65535));

        JsonNode report = Samples.analyzeJson(List.of(pcap.toString())).json();
        assertThat(JsonContract.documented().violations(report)).isEmpty();
        JsonNode c = report.get("connections").get(0);
        assertThat(c.get("outcome").asText()).isEqualTo("established");
        assertThat(c.get("version").asText()).isEqualTo("SSLv2");
        assertThat(c.get("cipher").asText()).isEqualTo("SSL_CK_RC4_128_WITH_MD5");
        assertThat(c.get("client_hello").get("sslv2_format").asBoolean()).isTrue();
        assertThat(c.get("client_hello").get("ja3").isNull()).isTrue();
        assertThat(c.get("client_hello").get("ja4").asText()).startsWith("ts2i010000_");
        assertThat(c.get("server_hello").get("ja3s").isNull()).isTrue();
        assertThat(c.get("findings").toString()).contains("server_speaks_sslv2");
        JsonNode f = null;
        for (JsonNode x : report.get("findings")) {
            if (x.get("kind").asText().equals("server_speaks_sslv2")) {
                f = x;
            }
        }
        assertThat(f).isNotNull();
        assertThat(f.get("count").asLong()).isEqualTo(1);
        assertThat(f.get("summary").asText()).contains("203.0.113.2");
        for (String format : List.of("text", "csv", "html", "jsonl")) {
            Samples.Run r = Samples.cli("analyze", "--no-progress", "--format", format, pcap.toString());
            assertThat(r.exit()).as(format + ": " + r.err()).isZero();
            assertThat(r.out()).as(format).contains("SSLv2");
        }
    }
}
