package io.tlsinspect.capture.live;

import com.sun.jna.Pointer;
import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.FrameSource;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;

/**
 * Frames from a live interface through libpcap (pcap4j), optionally kept in a pcap file as they are
 * read. Feeds the same {@code CaptureRunner} and dissector as capture files, so live and offline
 * analysis cannot disagree about decoding.
 *
 * <p>The handle is non-blocking and this class paces its own polling. A blocking read cannot be
 * trusted to return: with Linux's TPACKET_V3 ring libpcap polls without a timeout and relies on the
 * kernel to retire a block after the read timeout, which the kernel never does for an empty block, so
 * a quiet link would never let a stop request or a summary through. When the ring is empty the loop
 * sleeps {@value #POLL_PAUSE_MILLIS} ms; the kernel buffer absorbs what arrives meanwhile.
 *
 * <p>Each packet is read by {@link PacketReader} (one direct {@code pcap_next_ex} into a reused buffer)
 * and, with --write, written by {@code pcap_dump} straight from libpcap's buffer with libpcap's own
 * header; pcap4j opens, filters, counts and closes. Everything here runs on the one capture thread:
 * the reader's buffer is reused, and the handle, the dumper and the flow table are not thread-safe.
 */
public final class LiveSource implements FrameSource {
    /**
     * Called on the capture thread about every read timeout: with {@code idle} when the ring was found
     * empty (a quiet link: time to let idle connections expire), else while packets flow. Packets up to
     * one read timeout old may still sit in the kernel's current block when {@code idle} is reported.
     */
    public interface Ticker {
        void tick(LiveSource source, long wallNanos, boolean idle) throws IOException;
    }

    static final long POLL_PAUSE_MILLIS = 2;
    static final long DRAIN_LIMIT_MILLIS = 10_000;

    private final PcapHandle handle;
    private final PcapDumper dumper;
    /** The dumper's native pointer, for writing each packet straight from libpcap's buffer. */
    private final Pointer dumperPointer;
    private final PacketReader reader;
    private final LiveOptions options;
    private final int linkType;
    private final StopConditions stop;
    private final Ticker ticker;
    private final long tickEveryNanos;
    private long lastTick = System.nanoTime();
    private long frames;
    private long drainTarget = -1;
    private long drainDeadline;
    private long requestNanos;
    private long lastFrameNanos;
    /** When a poll last found the ring empty (System.nanoTime), or 0 if one returned a packet since. */
    private long lastEmptyPollNanos;
    /** Packets libpcap had accepted when the handle was ready, before this source read any. */
    private long baseline;
    /** Draining ended because the ring was found empty long enough after the request, not because the target was met. */
    private boolean drainedQuiet;
    /** The target was met once and libpcap's count read again (see {@link #shouldStop}). */
    private boolean rechecked;
    /**
     * The kernel hands over a partly filled block one read timeout after its first packet (a kernel
     * timer, not this thread's), so a poll that finds the ring empty this long after both the stop
     * request and the last packet proves that nothing accepted before the request is left. Measured
     * at the poll, never at a later check: a starved or busy thread must not mistake its own delay
     * for a quiet kernel. Needed because on some interfaces (lo) libpcap's received count includes
     * packets it discards itself, so the target is never met there.
     */
    private static final long QUIET_NANOS = 5 * 100_000_000L;
    private PcapCounters lastCounters = PcapCounters.NONE;
    private boolean closed;

    private LiveSource(PcapHandle handle, PcapDumper dumper, LiveOptions options, StopConditions stop,
                       Ticker ticker) {
        this.handle = handle;
        this.dumper = dumper;
        this.dumperPointer = dumper == null ? null : PacketReader.dumperPointer(dumper);
        this.reader = new PacketReader(handle);
        this.options = options;
        this.linkType = handle.getDlt().value();
        this.stop = stop;
        this.ticker = ticker;
        this.tickEveryNanos = options.timeoutMillis() * 1_000_000L;
    }

    /**
     * Opens the interface, installs the filter and opens the --write file. Any failure is one line
     * that names the fix (see {@link LiveErrors}); nothing is left open.
     *
     * @param stop when to end; polled between packets ({@link #shouldStop}) and while the ring is empty
     * @param ticker periodic work on the capture thread (summaries, idle expiry), or null
     */
    public static LiveSource open(LiveOptions o, StopConditions stop, Ticker ticker) throws LiveCaptureException {
        CaptureDevices.requireExists(o.iface());
        PcapHandle h = null;
        PcapDumper d = null;
        try {
            h = activate(o, true);
            try {
                h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            } catch (PcapNativeException e) {
                throw LiveErrors.open(o.iface(), e.getMessage(), List.of());
            }
            try {
                h.setFilter(o.filter(), BpfProgram.BpfCompileMode.OPTIMIZE);
            } catch (PcapNativeException e) {
                throw LiveErrors.badFilter(o.filter(), e.getMessage());
            }
            if (o.write() != null) {
                try {
                    d = h.dumpOpen(o.write().toString());
                } catch (PcapNativeException e) {
                    throw new LiveCaptureException(LiveCaptureException.Kind.CAPTURE_FAILED,
                            "cannot write " + o.write() + ": " + LiveErrors.clean(e.getMessage()));
                }
            }
            LiveSource src;
            try {
                src = new LiveSource(h, d, o, stop, ticker);
            } catch (IllegalStateException e) {
                throw new LiveCaptureException(LiveCaptureException.Kind.CAPTURE_FAILED, e.getMessage());
            }
            // Active, filter installed, counters readable: the kernel queues every matching packet
            // for us from here on. What it counted before this point is not ours to read.
            PcapCounters c = src.counters();
            src.baseline = Math.max(0, c.received() - c.dropped());
            return src;
        } catch (NotOpenException | LiveCaptureException | RuntimeException | Error e) {
            if (d != null) {
                d.close();
            }
            if (h != null) {
                h.close();
            }
            if (e instanceof UnsatisfiedLinkError || e instanceof NoClassDefFoundError) {
                throw new LiveCaptureException(LiveCaptureException.Kind.LIBRARY_MISSING, PcapLibrary.missingMessage());
            }
            if (e instanceof LiveCaptureException lce) {
                throw lce;
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error er) {
                throw er;
            }
            throw new LiveCaptureException(LiveCaptureException.Kind.CAPTURE_FAILED,
                    "capture on " + o.iface() + " closed while opening");
        }
    }

    /** pcap_create + options + pcap_activate; nanosecond stamps where libpcap has them. */
    private static PcapHandle activate(LiveOptions o, boolean nanos) throws LiveCaptureException {
        PcapHandle.Builder b = new PcapHandle.Builder(o.iface())
                .snaplen(o.snaplen())
                .promiscuousMode(o.promiscuous() ? PromiscuousMode.PROMISCUOUS : PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(o.timeoutMillis())
                .bufferSize(o.bufferBytes());
        if (nanos) {
            b.timestampPrecision(PcapHandle.TimestampPrecision.NANO);
        }
        try {
            return b.build();
        } catch (PcapNativeException e) {
            String m = String.valueOf(e.getMessage());
            if (nanos && m.contains("pcap_set_tstamp_precision")) {
                return activate(o, false); // libpcap older than 1.5: microseconds it is
            }
            throw LiveErrors.open(o.iface(), m, CaptureDevices.namesOrEmpty());
        }
    }

    @Override
    public boolean next(Frame into) throws IOException {
        while (true) {
            int rc;
            try {
                rc = reader.next();
            } catch (IllegalStateException e) {
                throw new LiveCaptureException(LiveCaptureException.Kind.CAPTURE_FAILED,
                        "capture on " + options.iface() + " failed: " + LiveErrors.clean(error(e)));
            }
            if (rc == PacketReader.NONE) {
                // non-blocking: nothing ready. Pace the polling ourselves (see class comment).
                lastEmptyPollNanos = System.nanoTime();
                if (System.nanoTime() - lastTick >= tickEveryNanos) {
                    tick(true);
                }
                if (shouldStop()) {
                    return false;
                }
                pause();
                continue;
            }
            if (rc == PacketReader.END) {
                return false;
            }
            into.set(linkType, reader.tsNanos, reader.buf, 0, reader.capLen, reader.origLen);
            into.source = 0;
            if (dumper != null) {
                reader.dumpLast(dumperPointer);
            }
            frames++;
            long now = System.nanoTime();
            lastFrameNanos = now;
            lastEmptyPollNanos = 0;
            if (now - lastTick >= tickEveryNanos) {
                tick(false);
            }
            return true;
        }
    }

    /** libpcap's message for a failed read ({@code pcap_geterr}). */
    private String error(IllegalStateException e) {
        try {
            String m = handle.getError();
            return m == null || m.isBlank() ? e.getMessage() : m;
        } catch (NotOpenException closed) {
            return e.getMessage();
        }
    }

    /**
     * Whether the capture should end now; the capture loop polls this between packets.
     *
     * <p>A stop request (signal, --duration) is honoured only after the packets the kernel had already
     * accepted are read: "nothing lost" means everything on the wire before the Ctrl-C is in the report.
     * libpcap's received-minus-dropped count ({@code pcap_stats}) at the request is the target. The
     * drain ends when the packets read reach it; or when a poll finds the ring empty {@link #QUIET_NANOS}
     * after the request and the last packet (see there); or after {@value #DRAIN_LIMIT_MILLIS} ms.
     * Whatever of the target is not read then is counted ({@link #unreadAtStop}), never silent.
     * --count is exact: it stops at its packet, and packets after it are not its business.
     */
    public boolean shouldStop() {
        if (!stop.shouldStop(frames)) {
            return false;
        }
        if (stop.countReached()) {
            return true;
        }
        long now = System.nanoTime();
        if (drainTarget < 0) {
            PcapCounters c = counters();
            drainTarget = Math.max(0, c.received() - c.dropped() - baseline);
            requestNanos = now;
            drainDeadline = now + DRAIN_LIMIT_MILLIS * 1_000_000L;
            lastEmptyPollNanos = 0; // only polls after the request count
        }
        if (frames >= drainTarget) {
            if (rechecked) {
                return true;
            }
            // Met: look once more, a moment later. A packet sent just before the request may still be
            // on its way through the kernel's backlog, not yet counted when the target was read.
            rechecked = true;
            try {
                pause();
            } catch (LiveCaptureException e) {
                return true; // interrupted: stop now with what was read
            }
            PcapCounters c = counters();
            drainTarget = Math.max(drainTarget, c.received() - c.dropped() - baseline);
            return frames >= drainTarget;
        }
        long since = Math.max(requestNanos, lastFrameNanos);
        if (lastEmptyPollNanos != 0 && lastEmptyPollNanos - since >= QUIET_NANOS) {
            drainedQuiet = true;
            return true;
        }
        return now - drainDeadline >= 0;
    }

    private static void pause() throws LiveCaptureException {
        try {
            Thread.sleep(POLL_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiveCaptureException(LiveCaptureException.Kind.CAPTURE_FAILED, "capture interrupted");
        }
    }

    private void tick(boolean idle) throws IOException {
        lastTick = System.nanoTime();
        if (dumper != null) {
            try {
                dumper.flush(); // a killed process still leaves a file readable up to the last tick
            } catch (PcapNativeException | NotOpenException e) {
                throw new LiveCaptureException(LiveCaptureException.Kind.CAPTURE_FAILED,
                        "writing " + options.write() + " failed: " + LiveErrors.clean(e.getMessage()));
            }
        }
        if (ticker != null) {
            Instant now = Instant.now();
            ticker.tick(this, now.getEpochSecond() * 1_000_000_000L + now.getNano(), idle);
        }
    }

    /** libpcap's counters since the interface was opened (the last ones read, once closed). */
    public PcapCounters counters() {
        if (closed) {
            return lastCounters;
        }
        try {
            PcapStat s = handle.getStats();
            lastCounters = new PcapCounters(s.getNumPacketsReceived(), s.getNumPacketsDropped(),
                    s.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException e) {
            // keep the last good reading: a summary line is no reason to stop capturing
        }
        return lastCounters;
    }

    /**
     * Packets libpcap had accepted before the stop request (received minus kernel drops) that were not
     * read: the drain ran out of time (the pipeline was far behind), or the ring stayed empty although
     * libpcap counted more (on lo it counts the outgoing copies it discards itself). 0 when every one
     * was read, and for --count, which ends at its packet by design.
     */
    public long unreadAtStop() {
        return drainTarget < 0 ? 0 : Math.max(0, drainTarget - frames);
    }

    /** Whether the drain at the stop ended on an empty ring rather than on libpcap's count (see {@link #unreadAtStop}). */
    public boolean drainEndedQuiet() {
        return drainedQuiet;
    }

    /**
     * Packets libpcap accepted for this capture since it was ready (received minus kernel drops, as
     * {@code pcap_stats} counts them at the last reading): what the capture should read, for the
     * operator to compare with {@link #frames} (tcpdump's "received by filter").
     */
    public long accepted() {
        PcapCounters c = counters();
        return Math.max(0, c.received() - c.dropped() - baseline);
    }

    /** The drain's target: {@link #accepted} at the stop request, or -1 (no request, or --count). */
    public long drainTarget() {
        return drainTarget;
    }

    /** Frames returned so far (and written, with --write). */
    public long frames() {
        return frames;
    }

    public LiveOptions options() {
        return options;
    }

    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    public String name() {
        return options.iface();
    }

    /** Reads the final counters, then flushes and closes the pcap file (so it is complete) and the handle. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        counters();
        closed = true;
        if (dumper != null) {
            try {
                dumper.flush();
            } catch (PcapNativeException | NotOpenException e) {
                // close below still writes what stdio buffered
            }
            dumper.close();
        }
        handle.close();
    }
}
