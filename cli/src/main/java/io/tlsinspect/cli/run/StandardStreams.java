package io.tlsinspect.cli.run;

import io.tlsinspect.capture.file.CaptureFormatException;
import io.tlsinspect.cli.output.Terminal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Standard descriptors that were closed when the process started ({@code <&-}, {@code >&-}). The JVM
 * reuses a closed descriptor 0, 1 or 2 for files of its own (the class library's {@code lib/modules},
 * a class-data archive, its perf-data file), so {@code System.in} would read the JVM's own file,
 * and closing it crashed the JVM (SIGSEGV). The {@code tlsinspect} launcher therefore opens
 * {@code /dev/null} on a closed descriptor before the JVM starts and says which it did in the
 * {@code tlsinspect.closed} property; without the launcher, {@code /proc/self/fd} tells.
 */
public final class StandardStreams {
    static final String PROPERTY = "tlsinspect.closed";

    private StandardStreams() {
    }

    public static boolean closedAtStart(int fd) {
        if (Arrays.asList(System.getProperty(PROPERTY, "").split(",")).contains(Integer.toString(fd))) {
            return true;
        }
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return false; // no /proc: cannot tell, assume open
        }
        try {
            String target = Files.readSymbolicLink(fds.resolve(Integer.toString(fd))).toString();
            Path home = Path.of(System.getProperty("java.home")).toRealPath();
            return target.startsWith(home.toString()) || target.contains("/hsperfdata_") || target.endsWith(".jsa");
        } catch (NoSuchFileException e) {
            return true; // closed and not reused
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Before '-' is read: standard input must be open, and a capture cannot come from a keyboard. */
    public static void checkStdinReadable() throws IOException {
        if (closedAtStart(0)) {
            throw new CaptureFormatException("standard input is closed: nothing to read for '-'");
        }
        if (Terminal.isTerminal(0)) {
            throw new CaptureFormatException("standard input is a terminal: pipe a capture into '-'"
                    + " (tcpdump -w - ... | tlsinspect analyze -)");
        }
    }
}
