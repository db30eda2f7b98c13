package io.tlsinspect.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the repository is, for tests: its sample captures (recorded from real stacks) and its docs. */
public final class RepoFiles {
    private RepoFiles() {
    }

    /**
     * The repository root: the {@code tlsinspect.root} system property (the parent pom sets it for
     * every test run), else the first directory upwards that holds {@code sample-pcaps/}.
     */
    public static Path root() {
        String r = System.getProperty("tlsinspect.root");
        Path p = r != null ? Path.of(r) : Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("sample-pcaps"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("sample-pcaps/ not found above " + (r != null ? r : Path.of("").toAbsolutePath()));
        }
        return p;
    }

    public static Path samplesDir() {
        return root().resolve("sample-pcaps");
    }

    /** Every .pcap and .pcapng under sample-pcaps/ (not the recording scripts' directory), sorted. */
    public static List<Path> sampleCaptures() {
        return samples(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"));
    }

    /** Every *.manifest.json under sample-pcaps/, sorted. */
    public static List<Path> sampleManifests() {
        return samples(p -> p.getFileName().toString().endsWith(".manifest.json"));
    }

    private static List<Path> samples(java.util.function.Predicate<Path> which) {
        try (Stream<Path> s = Files.walk(samplesDir())) {
            return s.filter(which).filter(p -> !p.toString().contains("/make/"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
