package io.tlsinspect.reports.spill;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.model.RecordSource;
import java.io.IOException;
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
 * steps back. So the file is written as sorted runs of at most {@link #RUN} records (or {@link #RUN_BYTES}); reading merges
 * the runs (one small buffer each). When the whole input was already in time order, a pass is a
 * merge of one run after the other. A run is its dictionary ({@link RecordCodec.Dict}: its length and
 * number of definitions, 4 bytes each, then the definitions), then its records, each its length
 * (4 bytes) and {@link RecordCodec}'s bytes, whose repeated values are numbers in that dictionary;
 * in a numbered spill ({@link #inTempDirNumbered}) then its index: each record's id and start time,
 * 8 bytes each, in the run's order, so that {@link #finish} checks the numbering without reading the records.
 *
 * <p>Write with {@link #add}, then {@link #finish} once; the file is deleted on {@link #close} (and
 * at exit, should the run end otherwise).
 */
public final class RecordSpill implements RecordSource {
    static final int RUN = 8192;
    private static final int BUFFER = 256 * 1024;
    /**
     * The merge cursors' buffers share this many bytes (at least 16 KiB and at most {@link #BUFFER}
     * each, see {@link #mergeBuffer}): a 1 GiB capture's 51 runs read 80 KiB at a time instead of 16,
     * a fifth of the positional reads, while a 10 GiB capture's 500 runs keep 16 KiB each.
     */
    private static final int MERGE_BUFFERS = 4 << 20;
    private static final int MIN_MERGE_BUFFER = 16 * 1024;

    private final Path file;
    private final FileChannel out;
    /** Direct: a heap buffer is copied once more, into the JDK's own direct buffer, by every write. */
    private final ByteBuffer outBuf = ByteBuffer.allocateDirect(BUFFER);
    private final RecordCodec.Out encoder = new RecordCodec.Out();
    private final RecordCodec.Dict dict = new RecordCodec.Dict();
    /**
     * Bytes of one run's records, encoded as they come (into {@link #encoder}'s array, one after the
     * other, no copy): a record object dies young instead of waiting for its run.
     */
    static final int RUN_BYTES = 8 << 20;
    private final long[] runTs = new long[RUN];
    private final long[] runIds = new long[RUN];
    private final int[] runAt = new int[RUN];
    private final int[] runLen = new int[RUN];
    /** The run's records in time order, and a merge sort's scratch: see {@link #sortRun}. */
    private final int[] order = new int[RUN];
    private final int[] scratch = new int[RUN];
    private int runCount;
    private final List<long[]> runs = new ArrayList<>(); // {start offset, first record's offset, end offset, records, index offset}
    /** Read back with ids 1..N in order of the given ids, not the given ids (see {@link #inTempDirNumbered}). */
    private final boolean numbered;
    /** Every given id, sorted: only when time order and id order disagree (the capture's clock stepped back). */
    private long[] idsInOrder;
    private boolean any;
    private long previousTs;
    private long previousId;
    private boolean inOrder = true;
    private long size;
    private long written;
    private boolean finished;
    private boolean closed;
    /**
     * Read buffers of passes that ran to the end, for the next pass's cursors: the analysis reads the
     * spill twice, and a second pass's 4 MiB of merge buffers, allocated anew, lived through the
     * young collections of the whole pass (each copied twice) while the first pass's, long promoted,
     * were garbage. Bounded: at most one buffer per run, one pass's worth.
     */
    private final java.util.ArrayDeque<ByteBuffer> spare = new java.util.ArrayDeque<>();

    /** A cleared buffer of {@code capacity} bytes: a spare one when there is one. */
    private ByteBuffer buffer(int capacity) {
        synchronized (spare) {
            for (int i = spare.size(); i > 0; i--) {
                ByteBuffer b = spare.poll();
                if (b.capacity() == capacity) {
                    return b.clear();
                }
                spare.add(b); // another pass's size: kept for it
            }
        }
        return ByteBuffer.allocate(capacity);
    }

    /** Gives back a cursor's buffer once its run is read to the end. */
    private void release(ByteBuffer b) {
        synchronized (spare) {
            if (!closed && spare.size() < runs.size()) { // one pass's worth: a pass has a cursor per run at most
                spare.add(b);
            }
        }
    }

    /** Buffers waiting for the next pass (tests). */
    int spareBuffers() {
        synchronized (spare) {
            return spare.size();
        }
    }

    public RecordSpill(Path dir) throws IOException {
        this(dir, false);
    }

    /**
     * @param numbered records may be added in any order, each with a distinct id that orders them
     *     (the number of the connection's first frame); every pass gives them ids 1..N in that order
     */
    public RecordSpill(Path dir, boolean numbered) throws IOException {
        this.numbered = numbered;
        encoder.dict = dict;
        file = Files.createTempFile(dir, "tlsinspect-records-", ".spill");
        file.toFile().deleteOnExit();
        out = FileChannel.open(file, StandardOpenOption.WRITE);
    }

    /** A spill in {@code $TMPDIR} when set, else {@code java.io.tmpdir}. */
    public static RecordSpill inTempDir() throws IOException {
        return new RecordSpill(tempDir(), false);
    }

    /**
     * A spill in the temporary directory that takes records in any order and reads them back numbered
     * 1..N in order of their given ids (first frames). So the pipeline need not hold the records
     * finished while an older connection is still open until it ends (on a busy capture, 100,000
     * records and most of the heap). Time order (start, then id) is id order unless the capture's clock
     * stepped back; {@link #finish} checks that on each run's index of ids and start times (16 bytes a
     * record, written after its records), and only when it fails keeps the sorted ids (8 bytes a record)
     * to number them.
     */
    public static RecordSpill inTempDirNumbered() throws IOException {
        return new RecordSpill(tempDir(), true);
    }

    private static Path tempDir() {
        String dir = System.getenv("TMPDIR");
        return Path.of(dir != null && !dir.isEmpty() ? dir : System.getProperty("java.io.tmpdir"));
    }

    public void add(HandshakeRecord r) {
        if (finished) {
            throw new IllegalStateException("spill already finished");
        }
        if (any && (previousTs > r.tsNanos() || previousTs == r.tsNanos() && previousId > r.id())) {
            inOrder = false; // TIME_ORDER, on the two fields it reads
        }
        any = true;
        previousTs = r.tsNanos();
        previousId = r.id();
        int at = encoder.pos;
        RecordCodec.write(encoder, r);
        runTs[runCount] = r.tsNanos();
        runIds[runCount] = r.id();
        runAt[runCount] = at;
        runLen[runCount] = encoder.pos - at;
        runCount++;
        size++;
        if (runCount >= RUN || encoder.pos + dict.bytes() >= RUN_BYTES) { // hostile 64 KiB hellos make short runs, not a big buffer
            flushRun();
        }
    }

    /** Ends writing; the source may be read from now on. */
    public void finish() {
        if (!finished) {
            flushRun();
            finished = true;
            if (numbered) {
                checkIdOrder();
            }
        }
    }

    /** Whether time order gives the ids in increasing order; if not, the sorted ids number the records. */
    private void checkIdOrder() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            PriorityQueue<Heads> heads = new PriorityQueue<>((a, b) ->
                    a.ts != b.ts ? Long.compare(a.ts, b.ts) : Long.compare(a.id, b.id));
            for (long[] r : runs) {
                Heads h = new Heads(ch, r[4], r[3]);
                if (h.next()) {
                    heads.add(h);
                }
            }
            long last = Long.MIN_VALUE;
            boolean increasing = true;
            while (!heads.isEmpty() && increasing) {
                Heads h = heads.poll();
                increasing = h.id > last;
                last = h.id;
                if (h.next()) {
                    heads.add(h);
                }
            }
            if (!increasing) {
                long[] ids = new long[Math.toIntExact(size)];
                int i = 0;
                for (long[] r : runs) {
                    Heads h = new Heads(ch, r[4], r[3]);
                    while (h.next()) {
                        ids[i++] = h.id;
                    }
                }
                java.util.Arrays.sort(ids);
                idsInOrder = ids;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spill file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The id and start time of each record of one run, in time order, from the run's index. */
    private static final class Heads {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(INDEX_ENTRY * 512);
        private long pos;
        private long left;
        long id;
        long ts;

        Heads(FileChannel ch, long index, long records) {
            this.ch = ch;
            this.pos = index;
            this.left = records;
            buf.flip();
        }

        boolean next() throws IOException {
            if (left == 0) {
                return false;
            }
            if (buf.remaining() < INDEX_ENTRY) {
                buf.clear().limit((int) Math.min(buf.capacity(), left * INDEX_ENTRY));
                while (buf.hasRemaining()) {
                    int got = ch.read(buf, pos);
                    if (got < 0) {
                        throw new IOException("spill file ends inside a run's index");
                    }
                    pos += got;
                }
                buf.flip();
            }
            left--;
            id = buf.getLong();
            ts = buf.getLong();
            return true;
        }
    }

    /** A numbered spill's index entry: a record's id and start time. */
    private static final int INDEX_ENTRY = 16;

    private void flushRun() {
        if (runCount == 0) {
            return;
        }
        sortRun();
        byte[] runBytes = encoder.a;
        long start = written;
        try {
            ByteBuffer defs = dict.definitions();
            outBuf.putInt(defs.remaining()).putInt(dict.count()); // the buffer is empty between runs
            written += 8 + defs.remaining();
            if (outBuf.remaining() < defs.remaining()) {
                drain();
                writeFully(defs);
            } else {
                outBuf.put(defs);
            }
            long recordsStart = written;
            for (int i = 0; i < runCount; i++) {
                int k = order[i];
                int n = runLen[k];
                if (outBuf.remaining() < 4 + n) {
                    drain();
                }
                written += 4 + n;
                if (outBuf.remaining() < 4 + n) { // a record larger than the buffer
                    writeFully(ByteBuffer.allocate(4).putInt(n).flip());
                    writeFully(ByteBuffer.wrap(runBytes, runAt[k], n));
                } else {
                    outBuf.putInt(n).put(runBytes, runAt[k], n);
                }
            }
            long recordsEnd = written;
            if (numbered) { // the ids in time order, for finish's check: it need not read the records
                for (int i = 0; i < runCount; i++) {
                    if (outBuf.remaining() < INDEX_ENTRY) {
                        drain();
                    }
                    int k = order[i];
                    outBuf.putLong(runIds[k]).putLong(runTs[k]);
                }
                written += (long) INDEX_ENTRY * runCount;
            }
            drain();
            runs.add(new long[] {start, recordsStart, recordsEnd, runCount, recordsEnd});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spill file " + file + ": " + e.getMessage(), e);
        }
        runCount = 0;
        dict.reset();
        dict.budget(dictionaryBudget(runs.size()));
        encoder.reset();
    }

    /**
     * {@link #order}: the run's record indexes in TIME_ORDER (start, then id; ids are distinct). A
     * bottom-up merge sort on the primitive arrays, skipping the merge of two sorted halves already in
     * order (records come nearly in time order); a sort of boxed indexes through a comparator was a
     * visible share of the writer's time.
     */
    private void sortRun() {
        int n = runCount;
        int[] a = order;
        int[] b = scratch;
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int width = 1; width < n; width <<= 1) {
            boolean moved = false;
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                if (mid >= hi || !before(a[mid], a[mid - 1])) { // already in order: copy
                    System.arraycopy(a, lo, b, lo, hi - lo);
                    continue;
                }
                moved = true;
                int i = lo;
                int j = mid;
                for (int k = lo; k < hi; k++) {
                    if (j >= hi || i < mid && !before(a[j], a[i])) {
                        b[k] = a[i++];
                    } else {
                        b[k] = a[j++];
                    }
                }
            }
            if (moved) {
                int[] t = a;
                a = b;
                b = t;
            }
        }
        if (a != order) {
            System.arraycopy(a, 0, order, 0, n);
        }
    }

    /** TIME_ORDER on two records of the run being written. */
    private boolean before(int x, int y) {
        return runTs[x] != runTs[y] ? runTs[x] < runTs[y] : runIds[x] < runIds[y];
    }

    /**
     * The dictionary bytes run {@code run} (0-based) may define. A merge holds every run's decoded
     * dictionary at once, so their sum must stay bounded on a hostile capture of distinct values met
     * twice: the first {@link #DICTIONARIES} / {@link RecordCodec.Dict#BUDGET} runs get the full budget,
     * later ones a share that shrinks as 1/run (a sum growing as the logarithm of the number of runs:
     * about 12 MiB of definitions for the 500 runs of a 10 GiB capture), never under 4 KiB.
     */
    static int dictionaryBudget(int run) {
        return (int) Math.max(4096, Math.min(RecordCodec.Dict.BUDGET, DICTIONARIES / (run + 1L)));
    }

    private static final long DICTIONARIES = 4L << 20;

    /** Each merge cursor's buffer when {@code runs} runs are merged: see {@link #MERGE_BUFFERS}. */
    static int mergeBuffer(int runs) {
        return Math.max(MIN_MERGE_BUFFER, Math.min(BUFFER, MERGE_BUFFERS / Math.max(1, runs)));
    }

    private void drain() throws IOException {
        outBuf.flip();
        writeFully(outBuf);
        outBuf.clear();
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    @Override
    public long size() {
        return size;
    }

    /** Bytes written to the spill file. */
    public long bytes() {
        return written;
    }

    @Override
    public Iterator<HandshakeRecord> iterator() {
        finish();
        if (closed) {
            throw new IllegalStateException("spill closed");
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            return inOrder || runs.size() <= 1 ? new InSequence(ch) : new Merge(ch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spill file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The id a record is read back under: the given one, or when {@link #numbered} its number 1..N: the
     * position in time order, or its rank among the sorted ids when the clock stepped back.
     */
    private long number(long given, long position) {
        if (!numbered) {
            return given;
        }
        return idsInOrder == null ? position : java.util.Arrays.binarySearch(idsInOrder, given) + 1;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (spare) {
            spare.clear();
        }
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

    /**
     * One run's records in order, through a buffer of positional reads: its dictionary decoded when
     * opened, then each record's length, id and start time read in place ({@link #peek}) before it is
     * decoded ({@link #take}), so the merge orders records without decoding them and decodes each once,
     * under its final id.
     */
    private final class Cursor {
        private final FileChannel ch;
        private final RecordCodec.Values values;
        /** The iterator's buffer for run dictionaries, shared by its cursors: a dictionary is decoded once, when its run is opened. */
        private final ByteBuffer[] dictionary;
        /** The size the cursor's buffer was made with ({@link #ensure} may replace it by a bigger one for a long record). */
        private final int capacity;
        private Object[] refs;
        private List<?>[] lists;
        private String[] texts;
        private long end;
        private long pos;
        private long left;
        private ByteBuffer buf;
        /** The next record's id and start time, once {@link #peek} said there is one. */
        long id;
        long ts;

        Cursor(FileChannel ch, int buffer, RecordCodec.Values values, ByteBuffer[] dictionary) {
            this.ch = ch;
            this.values = values;
            this.dictionary = dictionary;
            this.capacity = buffer;
            this.buf = buffer(buffer).flip();
        }

        /** Starts on run {@code r}: reads its dictionary. */
        Cursor open(long[] r) throws IOException {
            ByteBuffer head = readFully(ByteBuffer.allocate(8), r[0]).flip();
            int len = head.getInt();
            int count = head.getInt();
            // not the cursor's buffer, which stays small (a merge holds one cursor per run)
            if (dictionary[0] == null || dictionary[0].capacity() < len) {
                dictionary[0] = ByteBuffer.allocate(Math.max(len, 64 * 1024));
            }
            ByteBuffer defs = dictionary[0].clear().limit(len);
            refs = RecordCodec.readRefs(readFully(defs, r[0] + 8).flip(), count, values);
            lists = values.lists;
            texts = values.texts;
            pos = r[1];
            end = r[2];
            left = r[3];
            buf.clear().flip();
            return this;
        }

        /** Whether the run has another record; if so, its id and start time are in {@link #id} and {@link #ts}. */
        boolean peek() throws IOException {
            if (left == 0) {
                refs = null;
                lists = null;
                texts = null;
                return false;
            }
            ensure(4 + 16);
            int at = buf.position();
            id = buf.getLong(at + 4);
            ts = buf.getLong(at + 12);
            return true;
        }

        /** Read to the end and not to be opened again: its buffer goes back to the spill for the next pass. */
        void finish() {
            if (buf != null && buf.capacity() == capacity) { // a bigger one (a hostile record's) is not kept
                release(buf);
            }
            buf = null;
        }

        /** Decodes the record {@link #peek} found, under {@code newId}, and moves past it. */
        HandshakeRecord take(long newId) throws IOException {
            left--;
            int n = buf.getInt();
            ensure(n);
            int limit = buf.limit();
            int at = buf.position();
            buf.limit(at + n);
            values.refs = refs;
            values.lists = lists;
            values.texts = texts;
            HandshakeRecord r = RecordCodec.read(buf, values, newId);
            buf.limit(limit).position(at + n);
            return r;
        }

        private ByteBuffer readFully(ByteBuffer b, long at) throws IOException {
            while (b.hasRemaining()) {
                if (ch.read(b, at + b.position()) < 0) {
                    throw new IOException("spill file ends inside a run's dictionary");
                }
            }
            return b;
        }

        /** At least {@code n} unread bytes in the buffer. */
        private void ensure(int n) throws IOException {
            if (buf.remaining() >= n) {
                return;
            }
            if (buf.capacity() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(n);
                bigger.put(buf);
                buf = bigger;
            } else {
                buf.compact();
            }
            while (buf.position() < n) {
                int max = (int) Math.min(buf.remaining(), end - pos);
                if (max <= 0) {
                    throw new IOException("spill file ends inside a record");
                }
                ByteBuffer slice = buf.slice().limit(max);
                int got = ch.read(slice, pos);
                if (got < 0) {
                    throw new IOException("spill file ends inside a record");
                }
                pos += got;
                buf.position(buf.position() + got);
            }
            buf.flip();
        }
    }

    /** The runs one after the other (the records came in time order): one cursor, one big buffer. */
    private final class InSequence implements Iterator<HandshakeRecord> {
        private final FileChannel ch;
        private final Cursor cursor;
        private int run;
        private long n;
        private boolean open = true;

        InSequence(FileChannel ch) {
            this.ch = ch;
            this.cursor = new Cursor(ch, BUFFER, new RecordCodec.Values(), new ByteBuffer[1]);
        }

        @Override
        public boolean hasNext() {
            try {
                while (open && !(run > 0 && cursor.peek())) {
                    if (run == runs.size()) {
                        open = false;
                        cursor.finish();
                        close(ch);
                    } else {
                        cursor.open(runs.get(run++));
                    }
                }
                return open;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spill file: " + e.getMessage(), e);
            }
        }

        @Override
        public HandshakeRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                return cursor.take(number(cursor.id, ++n));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spill file: " + e.getMessage(), e);
            }
        }
    }

    /**
     * k-way merge of sorted runs, on the cursors' peeked start times and ids: no object per step. The
     * cursor that gave the last record stays out of the heap while its next record still comes first
     * (one comparison with the heap's top): the runs mostly follow each other in time, so most steps
     * read one run straight on instead of sifting the heap (a PriorityQueue with a comparator was a
     * visible share of every pass).
     */
    private final class Merge implements Iterator<HandshakeRecord> {
        private final FileChannel ch;
        private final Cursor[] heap;
        private int heapSize;
        /** The cursor holding the smallest record, outside {@link #heap}; null when every run is done. */
        private Cursor current;
        private long n;

        Merge(FileChannel ch) throws IOException {
            this.ch = ch;
            heap = new Cursor[runs.size()];
            RecordCodec.Values values = new RecordCodec.Values(); // one pass, one thread: the runs share it
            ByteBuffer[] dictionary = new ByteBuffer[1];
            for (long[] r : runs) {
                Cursor c = new Cursor(ch, mergeBuffer(runs.size()), values, dictionary).open(r);
                if (c.peek()) {
                    push(c);
                } else {
                    c.finish();
                }
            }
            current = pop();
        }

        @Override
        public boolean hasNext() {
            if (current == null) {
                close(ch);
                return false;
            }
            return true;
        }

        @Override
        public HandshakeRecord next() {
            Cursor c = current;
            if (c == null) {
                throw new NoSuchElementException();
            }
            try {
                HandshakeRecord r = c.take(number(c.id, ++n));
                if (!c.peek()) {
                    c.finish();
                    current = pop();
                } else if (heapSize > 0 && before(heap[0], c)) {
                    current = heap[0];
                    heap[0] = c;
                    siftDown(0);
                }
                return r;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spill file: " + e.getMessage(), e);
            }
        }

        /** TIME_ORDER on the peeked start times and ids. */
        private static boolean before(Cursor a, Cursor b) {
            return a.ts != b.ts ? a.ts < b.ts : a.id < b.id;
        }

        private void push(Cursor c) {
            int i = heapSize++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!before(c, heap[parent])) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = c;
        }

        private Cursor pop() {
            if (heapSize == 0) {
                return null;
            }
            Cursor top = heap[0];
            heap[0] = heap[--heapSize];
            heap[heapSize] = null;
            if (heapSize > 0) {
                siftDown(0);
            }
            return top;
        }

        private void siftDown(int i) {
            Cursor c = heap[i];
            int half = heapSize >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < heapSize && before(heap[right], heap[child])) {
                    child = right;
                }
                if (!before(heap[child], c)) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = c;
        }
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // read-only channel
        }
    }
}
