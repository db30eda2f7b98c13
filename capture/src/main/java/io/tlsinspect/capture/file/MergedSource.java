package io.tlsinspect.capture.file;

import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.FrameSource;
import java.io.IOException;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Several captures read as one, in timestamp order (a k-way merge): one file per server of a fleet,
 * or one capture rotated into several files. Each source's head frame is copied (one packet per file
 * is held); ties keep the order in which the files were named.
 */
public final class MergedSource implements FrameSource {
    private record Head(Frame frame, int index) {
    }

    private final List<? extends FrameSource> sources;
    private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.frame.tsNanos, b.frame.tsNanos);
        return c != 0 ? c : Integer.compare(a.index, b.index);
    });
    private boolean primed;

    public MergedSource(List<? extends FrameSource> sources) {
        this.sources = sources;
    }

    @Override
    public boolean next(Frame into) throws IOException {
        if (!primed) {
            primed = true;
            for (int i = 0; i < sources.size(); i++) {
                pull(i);
            }
        }
        Head h = heads.poll();
        if (h == null) {
            return false;
        }
        Frame f = h.frame;
        into.set(f.linkType, f.tsNanos, f.buf, f.off, f.capLen, f.origLen);
        into.source = h.index;
        into.timeOutlier = f.timeOutlier;
        pull(h.index); // replaces the head; 'into' keeps the old copy's array, which is not reused
        return true;
    }

    private void pull(int i) throws IOException {
        Frame f = new Frame();
        if (sources.get(i).next(f)) {
            heads.add(new Head(f.copy(), i));
        }
    }

    @Override
    public int linkType() {
        return sources.isEmpty() ? -1 : sources.get(0).linkType();
    }

    @Override
    public String name() {
        return "merged";
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FrameSource s : sources) {
            try {
                s.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
