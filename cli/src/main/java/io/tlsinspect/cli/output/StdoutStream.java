package io.tlsinspect.cli.output;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The process's standard output as a {@link PrintStream} that remembers why a write failed ("No space
 * left on device", "Broken pipe"), which PrintStream itself only turns into {@link #checkError()}.
 */
public final class StdoutStream extends PrintStream {
    private final Recording sink;

    private StdoutStream(Recording sink) {
        super(new BufferedOutputStream(sink, 1 << 16), false, StandardCharsets.UTF_8);
        this.sink = sink;
    }

    public static StdoutStream open() {
        return over(new FileOutputStream(FileDescriptor.out));
    }

    /** The same over any stream (a test's). */
    public static StdoutStream over(OutputStream out) {
        return new StdoutStream(new Recording(out));
    }

    /** The first write error, or null. */
    public IOException lastError() {
        return sink.error;
    }

    private static final class Recording extends OutputStream {
        private final OutputStream out;
        private volatile IOException error;

        Recording(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        private IOException remember(IOException e) {
            if (error == null) {
                error = e;
            }
            return e;
        }
    }
}
