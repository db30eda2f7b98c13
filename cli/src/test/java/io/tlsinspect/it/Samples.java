package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsinspect.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Sample captures with their manifests, and running the real CLI on them. */
final class Samples {
    static final ObjectMapper JSON = new ObjectMapper();

    private Samples() {
    }

    static Path root() {
        String r = System.getProperty("tlsinspect.root");
        Path p = r != null ? Path.of(r) : Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("sample-pcaps"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("sample-pcaps/ not found above " + r);
        }
        return p;
    }

    /**
     * Issue 11's recordings (TLS after preambles, QUIC): their manifests describe what tlsinspect
     * does not read yet. The issue 11 decoder work removes this filter when it reads them.
     */
    static boolean awaitsIssue11(Path p) {
        Path rel = root().resolve("sample-pcaps").relativize(p);
        boolean skip = rel.startsWith("beyond443") || rel.startsWith("quic");
        if (skip) {
            System.err.println("sample " + rel + " left out: recorded for issue 11, not yet read by tlsinspect");
        }
        return skip;
    }

    /** Every *.manifest.json under sample-pcaps/ (but issue 11's, see awaitsIssue11). */
    static List<Path> manifests() {
        try (Stream<Path> s = Files.walk(root().resolve("sample-pcaps"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".manifest.json"))
                    .filter(p -> !awaitsIssue11(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> captures() {
        try (Stream<Path> s = Files.walk(root().resolve("sample-pcaps"))) {
            return s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .filter(p -> !p.toString().contains("/make/")).filter(p -> !awaitsIssue11(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path json) {
        try {
            return JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The capture files a manifest describes, as paths. */
    static List<String> files(Path manifest, JsonNode m) {
        List<String> files = new ArrayList<>();
        for (JsonNode f : m.get("files")) {
            files.add(manifest.getParent().resolve(f.asText()).toString());
        }
        return files;
    }

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out.substring(0, Math.min(300, out.length())), e);
            }
        }
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run analyzeJson(List<String> files, String... extra) {
        List<String> args = new ArrayList<>(List.of("analyze", "--format", "json", "--no-progress"));
        args.addAll(List.of(extra));
        args.addAll(files);
        Run r = cli(args.toArray(String[]::new));
        assertThat(r.exit()).as("exit code; stderr: " + r.err()).isZero();
        return r;
    }
}
