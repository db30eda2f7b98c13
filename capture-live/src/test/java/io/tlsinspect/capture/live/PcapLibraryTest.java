package io.tlsinspect.capture.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding libpcap where Debian and others put it, without the -dev package's unversioned name. */
class PcapLibraryTest {
    @TempDir
    Path root;

    private Path touch(String rel) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.write(p, new byte[] {0x7f, 'E', 'L', 'F'});
    }

    @Test
    void debianRuntimePackageOnlyHasTheVersionedName() throws IOException {
        Path lib = touch("usr/lib/x86_64-linux-gnu/libpcap.so.0.8");
        touch("usr/lib/x86_64-linux-gnu/libpcap.a");
        touch("usr/lib/x86_64-linux-gnu/libpcapng.so.1");
        assertThat(PcapLibrary.search(root)).contains(lib);
    }

    @Test
    void theHighestVersionWinsAndTheUnversionedNameBeatsAll() throws IOException {
        touch("lib/aarch64-linux-gnu/libpcap.so.0.8");
        Path newest = touch("lib/aarch64-linux-gnu/libpcap.so.1.10.3");
        touch("usr/lib64/libpcap.so.1.9.1");
        assertThat(PcapLibrary.search(root)).contains(newest);
        Path dev = touch("usr/local/lib/libpcap.so");
        assertThat(PcapLibrary.search(root)).contains(dev);
    }

    @Test
    void classicLibDirectoriesAreSearchedToo() throws IOException {
        Path lib = touch("usr/lib64/libpcap.so.1");
        assertThat(PcapLibrary.search(root)).contains(lib);
    }

    @Test
    void aDanglingSymlinkIsNoLibrary() throws IOException {
        Path dir = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createSymbolicLink(dir.resolve("libpcap.so"), dir.resolve("libpcap.so.1.10.3"));
        assertThat(PcapLibrary.search(root)).isEmpty();
    }

    @Test
    void nothingInstalledFindsNothing() {
        assertThat(PcapLibrary.search(root)).isEmpty();
    }

    @Test
    void theMissingMessageNamesDebiansPackage() {
        assertThat(PcapLibrary.MISSING_MESSAGE).isEqualTo("libpcap not found: apt-get install libpcap0.8");
    }
}
