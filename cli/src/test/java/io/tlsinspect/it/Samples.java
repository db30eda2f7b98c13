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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Running the real CLI on sample captures (found by {@link io.tlsinspect.testkit.RepoFiles}), and reading manifests. */
final class Samples {
    static final ObjectMapper JSON = new ObjectMapper();

    private Samples() {
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
