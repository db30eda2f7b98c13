package io.tlsinspect.decoder;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.tls.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A real connection recorded by {@code src/test/resources/transcripts/record.sh} (OpenSSL 3.0
 * s_client against s_server on loopback, tcpdump, then tshark): one step per TCP segment.
 */
public record Transcript(String name, List<Step> steps) {

    public record Step(String kind, Direction dir, byte[] data) {
    }

    public static Transcript load(String name) {
        String text = resource("/transcripts/" + name + ".txt");
        List<Step> steps = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(" ");
            switch (f[0]) {
                case "C" -> steps.add(new Step("data", Direction.CLIENT_TO_SERVER, Bytes.fromHex(f[1])));
                case "S" -> steps.add(new Step("data", Direction.SERVER_TO_CLIENT, Bytes.fromHex(f[1])));
                case "FIN", "RST" -> steps.add(new Step(f[0], "C".equals(f[1])
                        ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT, null));
                default -> throw new IllegalArgumentException("bad transcript line: " + l);
            }
        }
        return new Transcript(name, List.copyOf(steps));
    }

    public static String resource(String path) {
        try (InputStream in = Transcript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes one side sent, concatenated. */
    public byte[] stream(Direction dir) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Step s : steps) {
            if (s.data() != null && s.dir() == dir) {
                out.writeBytes(s.data());
            }
        }
        return out.toByteArray();
    }

    /** Replays the connection; segments are re-cut to {@code segment} bytes when it is positive. */
    public HandshakeRecord replay(int segment) {
        return replayOn(TestConnection.established(), segment).close();
    }

    public TestConnection replayOn(TestConnection c, int segment) {
        for (Step s : steps) {
            switch (s.kind()) {
                case "data" -> {
                    if (segment > 0) {
                        c.segmented(s.dir(), s.data(), segment);
                    } else {
                        c.data(s.dir(), s.data());
                    }
                }
                case "FIN" -> c.fin(s.dir());
                default -> c.rst(s.dir());
            }
        }
        return c;
    }
}
