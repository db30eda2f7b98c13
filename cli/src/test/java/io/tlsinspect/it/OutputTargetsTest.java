package io.tlsinspect.it;

import io.tlsinspect.testkit.RepoFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 points 1 and 2: {@code -o} never replaces what is not a regular file (devices, FIFOs, links),
 * never leaves a temporary file behind when it fails, and names the file asked for.
 */
class OutputTargetsTest {
    @TempDir
    Path tmp;

    static final String BASIC = RepoFiles.root().resolve("sample-pcaps/basic.pcap").toString();

    /** The text report of basic.pcap as it goes to standard output: what every target must receive. */
    static String expected() {
        Samples.Run r = Samples.cli("analyze", "--no-progress", BASIC);
        assertThat(r.exit()).isZero();
        return r.out();
    }

    @Test
    void aSymbolicLinkIsFollowedAndKeptAndItsTargetReplaced() throws IOException {
        Path real = tmp.resolve("real.txt");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link.txt"), Path.of("real.txt")); // relative, as ln -s makes
        Path chain = Files.createSymbolicLink(tmp.resolve("chain.txt"), link);
        for (Path asked : List.of(link, chain)) {
            Samples.Run r = Samples.cli("analyze", "--no-progress", "-o", asked.toString(), BASIC);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(Files.isSymbolicLink(link)).as(asked + " kept as a link").isTrue();
            assertThat(Files.readString(real)).isEqualTo(expected());
            Files.writeString(real, "old");
        }
        assertThat(Files.isSymbolicLink(chain)).isTrue();
        // A dangling link: the file it names is created; the link stays.
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.txt"), Path.of("made.txt"));
        assertThat(Samples.cli("analyze", "--no-progress", "-o", dangling.toString(), BASIC).exit()).isZero();
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.readString(tmp.resolve("made.txt"))).isEqualTo(expected());
        assertThat(Child.leftovers(tmp)).isEmpty();
    }

    @Test
    void aFifoIsWrittenInPlace() throws Exception {
        Path fifo = tmp.resolve("report.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) { // blocks until the writer opens it
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "read failed: " + e;
            }
        });
        Samples.Run r = Samples.cli("analyze", "--no-progress", "-o", fifo.toString(), BASIC);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(expected());
        assertThat(Files.isRegularFile(fifo)).as("the FIFO was not replaced by a file").isFalse();
        assertThat(Child.leftovers(tmp)).isEmpty();
    }

    @Test
    void aDirectoryOrAnEmptyNameFailsAtOnceAndLeavesNoTemporaryFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(dir.resolve("keep"), "x");
        CliErrorsTest.oneLine(Samples.cli("analyze", "--no-progress", "-o", dir.toString(), BASIC), 1, "is a directory");
        assertThat(Child.leftovers(tmp)).isEmpty();
        assertThat(Child.leftovers(dir)).isEmpty();
        Path cwd = Path.of("").toAbsolutePath();
        List<Path> before = new ArrayList<>(Child.leftovers(cwd.getParent()));
        CliErrorsTest.oneLine(Samples.cli("analyze", "--no-progress", "-o", "", BASIC), 2, "--output needs a file name");
        assertThat(Child.leftovers(cwd.getParent())).isEqualTo(before);
        assertThat(Child.leftovers(cwd)).isEmpty();
    }

    /**
     * A target that cannot be written names the file asked for, not a temporary file, and leaves none.
     * As root a permission bit stops nothing, so root gets a read-only file system in a private mount
     * namespace; another user gets a directory without write permission.
     */
    @Test
    void aReadOnlyTargetNamesTheFileAskedFor() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Path report = ro.resolve("report.json");
        Child.Result r;
        if (Child.root()) {
            assumeUnshare();
            List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "sh", "-c",
                    "mount -t tmpfs -o ro tlsinspect-ro \"$0\" && exec \"$@\"", ro.toString()));
            cmd.addAll(Child.command(List.of(), "analyze", "--no-progress", "-o", report.toString(), BASIC));
            r = Child.run(new ProcessBuilder(cmd), 60);
        } else {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
            Samples.Run s = Samples.cli("analyze", "--no-progress", "-o", report.toString(), BASIC);
            r = new Child.Result(s.exit(), s.out(), s.err());
        }
        Child.oneLine(r, 1, "cannot write the report to " + report);
        assertThat(r.err()).doesNotContain(".tlsinspect-").doesNotContain(".tmp");
        assertThat(Child.leftovers(ro)).isEmpty();
    }

    /**
     * A full file system (a 4 KiB tmpfs in a private mount namespace, root only): the report is written
     * on a thread of its own (BackgroundWriter), and the system's reason still reaches the one line,
     * with the file asked for, exit 1 and no temporary file.
     */
    @Test
    void aFullFileSystemNamesTheFileAndTheReason() throws Exception {
        assumeRoot("a tmpfs of its own needs a private mount namespace");
        assumeUnshare();
        Path full = Files.createDirectories(tmp.resolve("full"));
        Path report = full.resolve("report.html");
        List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "sh", "-c",
                "mount -t tmpfs -o size=4k tlsinspect-full \"$0\" && shift && \"$@\"; rc=$?; ls -A \"$0\" > \"$0.ls\"; exit $rc",
                full.toString(), "--"));
        cmd.addAll(Child.command(List.of(), "analyze", "--no-progress", "--format", "html", "-o", report.toString(), BASIC));
        Child.Result r = Child.run(new ProcessBuilder(cmd), 60);
        Child.oneLine(r, 1, "cannot write the report to " + report + ": No space left on device");
        // what the tmpfs held when the run ended (it is gone with the namespace): nothing
        assertThat(Files.readString(tmp.resolve("full.ls"))).isEmpty();
    }

    /**
     * The issue's own reproduction: in a private mount namespace with a /dev of its own (root only),
     * {@code -o /dev/null}, {@code -o /dev/full} and {@code -o /dev/stdout} must leave the devices and
     * the link as they were: /dev/null swallows the report, /dev/full refuses it (exit 1, one line), and
     * /dev/stdout is standard output.
     */
    @Test
    void devicesInAPrivateDevAreWrittenInPlaceNeverReplaced() throws Exception {
        assumeRoot("devices need mknod and a private mount namespace");
        assumeUnshare();
        Path t = tmp;
        String script = String.join("\n",
                "set -e",
                "mount -t tmpfs tlsinspect-dev /dev",
                "mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/full c 1 7",
                "mknod -m 666 /dev/random c 1 8; mknod -m 666 /dev/urandom c 1 9",
                "ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/1 /dev/stdout",
                "set +e",
                "for d in null full stdout; do",
                "  \"$@\" -o /dev/$d > \"$T/$d.out\" 2> \"$T/$d.err\"; echo $? > \"$T/$d.rc\"",
                "done",
                "stat -c '%n %F %t:%T' /dev/null /dev/full > \"$T/stat\"",
                "stat -c '%n %F' /dev/stdout >> \"$T/stat\"");
        List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "sh", "-c", script, "sh"));
        cmd.addAll(Child.command(List.of(), "analyze", "--no-progress", BASIC));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("T", t.toString());
        Child.Result r = Child.run(pb, 120);
        assertThat(r.exit()).as("namespace script; stderr: " + r.err()).isZero();
        assertThat(Files.readAllLines(t.resolve("stat"))).containsExactly(
                "/dev/null character special file 1:3", "/dev/full character special file 1:7",
                "/dev/stdout symbolic link");
        assertThat(Files.readString(t.resolve("null.rc")).strip()).as(Files.readString(t.resolve("null.err"))).isEqualTo("0");
        assertThat(Files.readString(t.resolve("null.out"))).isEmpty();
        assertThat(Files.readString(t.resolve("full.rc")).strip()).isEqualTo("1");
        Child.oneLine(new Child.Result(1, "", Files.readString(t.resolve("full.err"))), 1,
                "cannot write the report to /dev/full: No space left on device");
        assertThat(Files.readString(t.resolve("stdout.rc")).strip()).as(Files.readString(t.resolve("stdout.err"))).isEqualTo("0");
        assertThat(Files.readString(t.resolve("stdout.out"))).isEqualTo(expected());
    }

    static void assumeRoot(String why) {
        if (!Child.root()) {
            System.out.println("OutputTargetsTest: skipped, not root: " + why + " (CI runs as root)");
        }
        assumeThat(Child.root()).as("root").isTrue();
    }

    static void assumeUnshare() throws Exception {
        boolean ok;
        try {
            ok = new ProcessBuilder("unshare", "-m", "true").start().waitFor() == 0;
        } catch (IOException e) {
            ok = false;
        }
        if (!ok) {
            System.out.println("OutputTargetsTest: skipped: unshare -m (a private mount namespace) is not available here");
        }
        assumeThat(ok).as("unshare -m works").isTrue();
    }
}
