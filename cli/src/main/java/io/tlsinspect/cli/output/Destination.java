package io.tlsinspect.cli.output;

import io.tlsinspect.cli.options.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@code --output} sends the report, decided before any input is read so that a bad target
 * fails at once, not after an hour of analysis:
 * <ul>
 * <li>{@link Stdout}: no {@code -o}, {@code -o -}, or a path to this process's own standard output
 *     ({@code /dev/stdout}, {@code /proc/self/fd/1}): written to the stream the shell opened;</li>
 * <li>{@link InPlace}: anything that is not a regular file (a device such as {@code /dev/null}, a FIFO,
 *     another inherited descriptor): opened and written as it is, never replaced;</li>
 * <li>{@link Atomic}: a regular file, existing or not: written to a temporary file beside it and renamed
 *     over it, so a reader never sees half a report. A symbolic link is followed and the file it
 *     points to is replaced; the link stays.</li>
 * </ul>
 */
public sealed interface Destination {
    /** The report's path as the user gave it, for messages. */
    String asked();

    record Stdout(String asked) implements Destination {
    }

    record InPlace(String asked, Path path) implements Destination {
    }

    /** @param target the regular file to replace (links resolved), in directory {@code dir} */
    record Atomic(String asked, Path target, Path dir) implements Destination {
    }

    /** Linux's own limit on links followed in one path resolution (path_resolution(7)). */
    int MAX_LINKS = 40;

    /** {@code /proc/self/fd/N} and its equivalents after resolving {@code /proc/self}. */
    Pattern PROC_FD = Pattern.compile("/proc/(?:self|thread-self|(\\d+)(?:/task/\\d+)?)/fd/(\\d+)");

    /**
     * Decides where the report goes, and checks now what can be checked now.
     *
     * @param output the {@code --output} value, null when absent
     * @param stdoutClosed whether standard output was closed when the process started
     * @throws UsageException for an empty name
     * @throws IOException one line naming {@code output}: a directory, a missing directory, no permission
     */
    static Destination of(String output, boolean stdoutClosed) throws IOException {
        if (output == null || output.equals("-")) {
            return stdout(output == null ? "standard output" : "-", stdoutClosed);
        }
        if (output.isEmpty()) {
            throw new UsageException("--output needs a file name ('-' for standard output)");
        }
        Path cur;
        try {
            cur = Path.of(output).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new UsageException("--output: not a usable file name: " + e.getReason());
        }
        for (int hops = 0; ; hops++) {
            Path parent = cur.getParent();
            if (parent != null && Files.isDirectory(parent)) {
                // The directory's own links first, so /dev/fd/1 is seen as /proc/<pid>/fd/1.
                cur = parent.toRealPath().resolve(cur.getFileName());
            }
            Matcher fd = PROC_FD.matcher(cur.toString());
            if (fd.matches()) {
                boolean ours = fd.group(1) == null || Long.parseLong(fd.group(1)) == ProcessHandle.current().pid();
                if (ours && fd.group(2).equals("1")) {
                    return stdout(output, stdoutClosed);
                }
                // Another inherited descriptor (3>file, a pipe): written through, never replaced.
                return new InPlace(output, cur);
            }
            if (!Files.isSymbolicLink(cur)) {
                break;
            }
            if (hops == MAX_LINKS) {
                throw new IOException(output + ": too many levels of symbolic links");
            }
            cur = cur.resolveSibling(Files.readSymbolicLink(cur));
        }
        if (Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes a = Files.readAttributes(cur, BasicFileAttributes.class);
            if (a.isDirectory()) {
                throw new IOException(output + ": is a directory");
            }
            if (!a.isRegularFile()) {
                if (!Files.isWritable(cur)) {
                    throw new IOException("cannot write the report to " + output + ": permission denied");
                }
                return new InPlace(output, cur);
            }
            if (!Files.isWritable(cur)) {
                throw new IOException("cannot write the report to " + output + ": it is read-only");
            }
        }
        Path dir = cur.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(output + ": directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("cannot write the report to " + output + ": " + whyNotWritable(dir));
        }
        return new Atomic(output, cur, dir);
    }

    private static Destination stdout(String asked, boolean closed) throws IOException {
        if (closed) {
            throw new IOException("standard output is closed: nothing to write the report to (name a file with -o)");
        }
        return new Stdout(asked);
    }

    private static String whyNotWritable(Path dir) {
        try {
            if (Files.getFileStore(dir).isReadOnly()) {
                return "its directory " + dir + " is on a read-only file system";
            }
        } catch (IOException e) {
            // fall through to the common case
        }
        return "no permission to create files in " + dir;
    }
}
