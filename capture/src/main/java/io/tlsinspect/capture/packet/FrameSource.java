package io.tlsinspect.capture.packet;

import java.io.Closeable;
import java.io.IOException;

/** A pull source of frames: a capture file, several merged, or a live interface. */
public interface FrameSource extends Closeable {
    /**
     * Reads the next frame into {@code into}. Its bytes stay valid until the next call.
     *
     * @return false at the end of the input
     */
    boolean next(Frame into) throws IOException;

    /** Link type of the input's first interface, for the report's {@code inputs}; -1 if unknown. */
    int linkType();

    /** A name for the input (file path, "-" or interface name). */
    String name();
}
