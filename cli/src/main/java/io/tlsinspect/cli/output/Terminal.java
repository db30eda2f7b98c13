package io.tlsinspect.cli.output;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a standard stream is a terminal (Linux: /proc/self/fd/N points at a tty or pty). */
public final class Terminal {
    private Terminal() {
    }

    public static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }
}
