package io.tlsinspect.capture;

import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.FrameSource;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Pumps a frame source through the dissector until it ends or is asked to stop, keeping the
 * per-input tallies. The same loop serves files and live interfaces (one decoding path).
 */
public final class CaptureRunner {
    /** Called every {@link #PROGRESS_EVERY} frames, e.g. to draw a progress bar. */
    public interface Progress {
        void update(long frames);
    }

    static final int PROGRESS_EVERY = 1 << 14;

    private CaptureRunner() {
    }

    /**
     * @param tallies one per input, indexed by {@link Frame#source}
     * @param stop polled between frames; true ends the run early (Ctrl-C, --count)
     * @return frames read
     */
    public static long run(FrameSource src, PacketDissector dissector, List<InputTally> tallies,
                           BooleanSupplier stop, Progress progress) throws IOException {
        Frame f = new Frame();
        long n = 0;
        while (!stop.getAsBoolean() && src.next(f)) {
            if (f.source < tallies.size()) {
                tallies.get(f.source).count(f.linkType, f.tsNanos);
            }
            dissector.accept(f);
            n++;
            if ((n & (PROGRESS_EVERY - 1)) == 0 && progress != null) {
                progress.update(n);
            }
        }
        return n;
    }
}
