package io.tlsinspect.testkit;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;

/** What a pipe does: short reads, available() of 0, and skip() failing like lseek(2) on a pipe. */
public final class PipeStream extends FilterInputStream {
    private final int chunk;

    /** {@code data} handed out at most {@code chunk} bytes per read. */
    public PipeStream(byte[] data, int chunk) {
        super(new ByteArrayInputStream(data));
        this.chunk = chunk;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, chunk));
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("Illegal seek");
    }

    @Override
    public int available() {
        return 0;
    }
}
