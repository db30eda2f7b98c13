package io.tlsinspect.capture.tcp;

/**
 * Where the dissector hands each TCP segment, in capture order: a {@link FlowTable} directly, or a
 * dispatcher that batches segments for flow tables running in other threads. The segment and its
 * bytes are valid only during the call.
 */
@FunctionalInterface
public interface SegmentSink {
    void segment(TcpSegment s);
}
