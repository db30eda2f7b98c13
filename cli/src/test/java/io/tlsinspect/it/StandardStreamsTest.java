package io.tlsinspect.it;

import io.tlsinspect.testkit.RepoFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsinspect.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 points 3, 4 and 6: standard output that cannot be written is an error, a pcapng piped into
 * standard input reads like the file, and a closed standard input is one line, not a JVM crash.
 */
class StandardStreamsTest {
    @TempDir
    Path tmp;

    static final String BASIC = RepoFiles.root().resolve("sample-pcaps/basic.pcap").toString();

    @Test
    void aFullStandardOutputIsAnErrorInProcess() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"analyze", "--no-progress", BASIC}, new PrintStream(full, true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        // A plain PrintStream keeps only that a write failed; the process's own stdout keeps the reason.
        Child.oneLine(new Child.Result(code, "", err.toString(StandardCharsets.UTF_8)), 1,
                "cannot write the report to standard output");
    }

    @Test
    void devFullAsStandardOutputIsAnError() {
        for (String format : List.of("text", "json")) {
            Child.Result r = Child.run(new ProcessBuilder(Child.command(List.of(), "analyze", "--no-progress",
                    "--format", format, BASIC)).redirectOutput(new File("/dev/full")), 60);
            Child.oneLine(r, 1, "cannot write the report to standard output: No space left on device");
        }
        Child.Result v = Child.run(new ProcessBuilder(Child.command(List.of(), "--version"))
                .redirectOutput(new File("/dev/full")), 60);
        Child.oneLine(v, 1, "cannot write to standard output: No space left on device");
    }

    @Test
    void aClosedStandardInputIsOneLineNotACrash() {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" <&-", "sh"));
        cmd.addAll(Child.command(List.of(), "analyze", "--no-progress", "-"));
        Child.oneLine(Child.run(new ProcessBuilder(cmd), 60), 1, "standard input is closed");
    }

    /**
     * The launcher itself, with a jar that only names this build's class path: it must hand the JVM an
     * open descriptor 0 before the JVM can take it for a file of its own.
     */
    @Test
    void theLauncherGivesAClosedStandardInputOneLine() throws IOException {
        Path home = tmp.resolve("install");
        Files.createDirectories(home.resolve("cli/target"));
        Path launcher = home.resolve("tlsinspect");
        Files.copy(RepoFiles.root().resolve("tlsinspect"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.tlsinspect.cli.Main");
        List<String> urls = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(e).toUri().toString());
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(home.resolve("cli/target/tlsinspect.jar")), m)) {
            j.flush();
        }
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "exec \"$0\" analyze --no-progress - <&-", launcher.toString());
        pb.environment().put("PATH", Path.of(Child.java()).getParent() + File.pathSeparator + System.getenv("PATH"));
        pb.environment().remove("JAVA_OPTS");
        Child.oneLine(Child.run(pb, 60), 1, "standard input is closed");
    }

    /** basic.pcapng with a custom block (§4.7) after every packet: 100 KiB each, 5.7 MB in all. */
    static byte[] pcapngWithCustomBlocks() throws IOException {
        byte[] in = Files.readAllBytes(RepoFiles.root().resolve("sample-pcaps/basic.pcapng"));
        ByteBuffer b = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = 0;
        int n = 0;
        while (p < in.length) {
            int type = b.getInt(p);
            int len = b.getInt(p + 4);
            out.write(in, p, len);
            if (type == 6) { // Enhanced Packet Block
                int total = 100 * 1024 + 4 * (n++ % 7);
                ByteBuffer c = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
                c.putInt(0x00000BAD).putInt(total).putInt(32473).position(total - 4);
                c.putInt(total);
                out.write(c.array(), 0, total);
            }
            p += len;
        }
        return out.toByteArray();
    }

    @Test
    void aPcapngWithCustomBlocksPipedIntoStandardInputGivesTheReportOfTheFile() throws Exception {
        byte[] pcapng = pcapngWithCustomBlocks();
        Path file = tmp.resolve("custom.pcapng");
        Files.write(file, pcapng);
        JsonNode fromFile = Samples.analyzeJson(List.of(file.toString())).json();
        assertThat(fromFile.at("/stats/packets").asLong()).isEqualTo(57); // tshark -r basic.pcapng | wc -l

        Process p = new ProcessBuilder(Child.command(List.of(), "analyze", "--no-progress", "--format", "json", "-"))
                .start();
        Child.Drain out = new Child.Drain(p.getInputStream());
        Child.Drain err = new Child.Drain(p.getErrorStream());
        Thread feeder = new Thread(() -> {
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write(pcapng); // a pipe: the child reads it as it comes and cannot seek
            } catch (IOException e) {
                // the child stopped reading: its exit code and stderr tell why
            }
        });
        feeder.start();
        Child.Result r = Child.finish(p, out, err, 60);
        feeder.join();
        assertThat(r.exit()).as("stderr: " + r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode piped = Samples.JSON.readTree(r.out());
        assertThat(piped.get("stats")).isEqualTo(fromFile.get("stats"));
        assertThat(piped.get("connections")).hasSize(fromFile.get("connections").size());
        for (int i = 0; i < piped.get("connections").size(); i++) {
            // the same connection, but for the input's name ("-" against the file's path)
            ((com.fasterxml.jackson.databind.node.ObjectNode) piped.get("connections").get(i).get("tcp")).remove("source");
            ((com.fasterxml.jackson.databind.node.ObjectNode) fromFile.get("connections").get(i).get("tcp")).remove("source");
            assertThat(piped.get("connections").get(i)).as("connection " + (i + 1)).isEqualTo(fromFile.get("connections").get(i));
        }
    }
}
