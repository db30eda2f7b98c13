package io.tlsinspect.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's training run for its class-data archive ({@code -XX:ArchiveClassesAtExit}, see
 * {@code ./tlsinspect}): analyses the given captures once in every output format, output discarded,
 * so that the archive holds the classes of every renderer and not only those of one format.
 * Exit code: the first non-zero one of those runs (the launcher then keeps no archive).
 */
public final class CdsTraining {
    private static final List<String> FORMATS = List.of("text", "json", "jsonl", "csv", "html");

    private CdsTraining() {
    }

    public static void main(String[] captures) {
        System.exit(train(captures));
    }

    static int train(String[] captures) {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        int code = 0;
        for (String format : FORMATS) {
            List<String> args = new ArrayList<>(List.of("analyze", "--no-progress", "--format", format));
            args.addAll(List.of(captures));
            int rc = Main.run(args.toArray(String[]::new), none, none);
            code = code != 0 ? code : rc;
        }
        return code;
    }
}
