package io.tlsinspect.cli.output;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr, drawn only when stderr is a terminal (never into a pipe or a log). */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    public static Progress forFiles(long totalBytes, boolean wanted) {
        if (!wanted || totalBytes < (8L << 20) || !Terminal.isTerminal(2)) {
            return new Progress(null);
        }
        ProgressBar b = new ProgressBarBuilder().setTaskName("reading").setInitialMax(totalBytes >> 10)
                .setUnit(" MiB", 1024).setStyle(ProgressBarStyle.ASCII).setConsumer(
                        new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250).build();
        return new Progress(b);
    }

    public void update(long bytes, long frames) {
        if (bar != null) {
            bar.stepTo(bytes >> 10);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.stepTo(bar.getMax()); // the last update may predate the end of the input
            bar.close();
        }
    }
}
