package io.tlsinspect.capture.live;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes libpcap loadable by pcap4j before any pcap4j class is touched.
 *
 * <p>pcap4j asks JNA for {@code pcap}, i.e. {@code libpcap.so}. Debian's runtime package (libpcap0.8)
 * installs only {@code libpcap.so.0.8}; the unversioned name comes with the -dev package, which a
 * production server rarely has. pcap4j reads the library name once, from a system property, when its
 * native bindings load, so the property must be set before that happens; the operator must never need
 * to know any of this.
 */
public final class PcapLibrary {
    /** pcap4j's property naming the library (a name for JNA, or a path). */
    public static final String LIB_NAME_PROPERTY = "org.pcap4j.core.pcapLibName";
    public static final String MISSING_MESSAGE = "libpcap not found: apt-get install libpcap0.8";

    private static final Pattern NAME = Pattern.compile("libpcap\\.so((?:\\.\\d+)*)");

    private PcapLibrary() {
    }

    /** The one-line error when pcap4j cannot load libpcap; names an explicit setting if that was the cause. */
    public static String missingMessage() {
        String set = System.getProperty(LIB_NAME_PROPERTY);
        return set == null ? MISSING_MESSAGE
                : "libpcap not found at " + set + " (from -D" + LIB_NAME_PROPERTY + "); leave it unset, or apt-get install libpcap0.8";
    }

    /**
     * Leaves an explicit setting alone; otherwise lets JNA try its own search and, if that fails, points
     * pcap4j at a {@code libpcap.so*} found in the usual library directories.
     *
     * @throws LiveCaptureException naming the package to install when there is no libpcap at all
     */
    public static void ensureLoadable() throws LiveCaptureException {
        if (System.getProperty(LIB_NAME_PROPERTY) != null) {
            return;
        }
        if (jnaFinds("pcap")) {
            return;
        }
        Optional<Path> found = search(Path.of("/"));
        if (found.isEmpty() || !jnaFinds(found.get().toString())) {
            throw new LiveCaptureException(LiveCaptureException.Kind.LIBRARY_MISSING, MISSING_MESSAGE);
        }
        System.setProperty(LIB_NAME_PROPERTY, found.get().toString());
    }

    private static boolean jnaFinds(String nameOrPath) {
        try {
            com.sun.jna.NativeLibrary.getInstance(nameOrPath);
            return true;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return false;
        }
    }

    /**
     * The best libpcap under {@code root}: the unversioned name if present (it is what the -dev
     * package links), else the highest version. {@code root} is a parameter so tests can build a tree.
     */
    public static Optional<Path> search(Path root) {
        List<Path> hits = new ArrayList<>();
        for (Path dir : candidateDirs(root)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "libpcap.so*")) {
                for (Path p : ds) {
                    if (NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
                        hits.add(p); // isRegularFile follows symlinks: a dangling link is no library
                    }
                }
            } catch (IOException e) {
                // an unreadable or missing directory simply holds no candidate
            }
        }
        return hits.stream().max(Comparator.comparing(PcapLibrary::versionKey, PcapLibrary::compareVersions));
    }

    /** Multiarch directories first (Debian, Ubuntu), then the classic ones (RHEL, Alpine, /usr/local). */
    static List<Path> candidateDirs(Path root) {
        List<Path> dirs = new ArrayList<>();
        for (String base : List.of("usr/lib", "lib")) {
            Path b = root.resolve(base);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(b, Files::isDirectory)) {
                List<Path> sub = new ArrayList<>();
                ds.forEach(sub::add);
                sub.sort(null);
                dirs.addAll(sub);
            } catch (IOException e) {
                // no such base directory on this system
            }
        }
        for (String d : List.of("usr/lib64", "lib64", "usr/lib", "lib", "usr/local/lib")) {
            dirs.add(root.resolve(d));
        }
        return dirs;
    }

    /** {@code libpcap.so} -> [] (best); {@code libpcap.so.1.10.3} -> [1, 10, 3]. */
    private static int[] versionKey(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches() || m.group(1).isEmpty()) {
            return new int[0];
        }
        String[] parts = m.group(1).substring(1).split("\\.");
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Integer.parseInt(parts[i]);
        }
        return v;
    }

    private static int compareVersions(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            return Integer.compare(a.length == 0 ? 1 : 0, b.length == 0 ? 1 : 0); // unversioned wins
        }
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return Integer.compare(a.length, b.length);
    }
}
