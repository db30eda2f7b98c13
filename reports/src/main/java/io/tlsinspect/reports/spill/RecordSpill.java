package io.tlsinspect.reports.spill;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.model.RecordSource;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * DESIGN §3's spill: finished records go to a temporary file as they come, so that the heap holds
 * none of them, and each analysis pass reads the file back in time order.
 *
 * <p>Records arrive in id order (first-frame order), which is time order unless the capture's clock
 * steps back. So the file is written as sorted runs of at most {@link #RUN} records; reading merges
 * the runs (one buffered cursor each). When the whole input was already in time order, a pass is a
 * plain sequential read.
 *
 * <p>Write with {@link #add}, then {@link #finish} once; the file is deleted on {@link #close} (and
 * at exit, should the run end otherwise).
 */
public final class RecordSpill implements RecordSource {
    static final int RUN = 8192;
    private static final int READ_BUFFER = 64 * 1024;

    private final Path file;
    private final DataOutputStream out;
    private final CountingStream counter;
    private final List<HandshakeRecord> run = new ArrayList<>();
    private final List<long[]> runs = new ArrayList<>(); // {start offset, end offset, records}
    private HandshakeRecord previous;
    private boolean inOrder = true;
    private long size;
    private boolean finished;
    private boolean closed;

    public RecordSpill(Path dir) throws IOException {
        file = Files.createTempFile(dir, "tlsinspect-records-", ".spill");
        file.toFile().deleteOnExit();
        counter = new CountingStream(Files.newOutputStream(file));
        out = new DataOutputStream(new BufferedOutputStream(counter, READ_BUFFER));
    }

    /** A spill in {@code $TMPDIR} when set, else {@code java.io.tmpdir}. */
    public static RecordSpill inTempDir() throws IOException {
        String dir = System.getenv("TMPDIR");
        return new RecordSpill(Path.of(dir != null && !dir.isEmpty() ? dir : System.getProperty("java.io.tmpdir")));
    }

    public void add(HandshakeRecord r) {
        if (finished) {
            throw new IllegalStateException("spill already finished");
        }
        if (previous != null && TIME_ORDER.compare(previous, r) > 0) {
            inOrder = false;
        }
        previous = r;
        run.add(r);
        size++;
        if (run.size() >= RUN) {
            flushRun();
        }
    }

    /** Ends writing; the source may be read from now on. */
    public void finish() {
        if (!finished) {
            flushRun();
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            finished = true;
        }
    }

    private void flushRun() {
        if (run.isEmpty()) {
            return;
        }
        run.sort(TIME_ORDER);
        try {
            out.flush();
            long start = counter.count;
            for (HandshakeRecord r : run) {
                RecordCodec.write(out, r);
            }
            out.flush();
            runs.add(new long[] {start, counter.count, run.size()});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spill file " + file + ": " + e.getMessage(), e);
        }
        run.clear();
    }

    @Override
    public long size() {
        return size;
    }

    /** Bytes written to the spill file. */
    public long bytes() {
        return counter.count;
    }

    @Override
    public Iterator<HandshakeRecord> iterator() {
        finish();
        if (closed) {
            throw new IllegalStateException("spill closed");
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            if (inOrder || runs.size() <= 1) {
                return new Cursor(ch, 0, counter.count, size, true);
            }
            return new Merge(ch, runs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spill file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException ignored) {
            // deleting follows; nothing more to save
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // deleteOnExit remains
        }
    }

    /** One run's records in order; closes the channel after the last when it owns it. */
    private static final class Cursor implements Iterator<HandshakeRecord> {
        private final FileChannel ch;
        private final DataInputStream in;
        private final boolean ownsChannel;
        private long left;

        Cursor(FileChannel ch, long start, long end, long records, boolean ownsChannel) {
            this.ch = ch;
            this.left = records;
            this.ownsChannel = ownsChannel;
            // a merge holds one cursor per run: smaller buffers there
            this.in = new DataInputStream(new BufferedInputStream(new Region(ch, start, end),
                    ownsChannel ? READ_BUFFER : READ_BUFFER / 8));
        }

        @Override
        public boolean hasNext() {
            if (left == 0 && ownsChannel) {
                close(ch);
            }
            return left > 0;
        }

        @Override
        public HandshakeRecord next() {
            if (left == 0) {
                throw new NoSuchElementException();
            }
            left--;
            try {
                return RecordCodec.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spill file: " + e.getMessage(), e);
            }
        }
    }

    /** k-way merge of sorted runs. */
    private static final class Merge implements Iterator<HandshakeRecord> {
        private record Head(HandshakeRecord r, Cursor from) {
        }

        private final FileChannel ch;
        private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> TIME_ORDER.compare(a.r(), b.r()));

        Merge(FileChannel ch, List<long[]> runs) {
            this.ch = ch;
            for (long[] r : runs) {
                Cursor c = new Cursor(ch, r[0], r[1], r[2], false);
                if (c.hasNext()) {
                    heads.add(new Head(c.next(), c));
                }
            }
        }

        @Override
        public boolean hasNext() {
            if (heads.isEmpty()) {
                close(ch);
                return false;
            }
            return true;
        }

        @Override
        public HandshakeRecord next() {
            Head h = heads.poll();
            if (h == null) {
                throw new NoSuchElementException();
            }
            if (h.from().hasNext()) {
                heads.add(new Head(h.from().next(), h.from()));
            }
            return h.r();
        }
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // read-only channel
        }
    }

    /** Counts bytes written, so a run's offsets are known without asking the file. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(java.io.OutputStream o) {
            super(o);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Positional reads of [start, end) of a shared channel. */
    private static final class Region extends InputStream {
        private final FileChannel ch;
        private final long end;
        private long pos;

        Region(FileChannel ch, long start, long end) {
            this.ch = ch;
            this.pos = start;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long left = end - pos;
            if (left <= 0) {
                return -1;
            }
            int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), pos);
            if (n > 0) {
                pos += n;
            }
            return n;
        }
    }
}
