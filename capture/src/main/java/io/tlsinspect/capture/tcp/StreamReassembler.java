package io.tlsinspect.capture.tcp;

import java.util.Map;
import java.util.TreeMap;

/**
 * Puts one direction of a TCP connection back in order (RFC 9293 §3.4 sequence numbers, §3.10.7.4
 * segment acceptance) and hands the bytes to the listener exactly once each.
 *
 * <p>Policy, in one place:
 * <ul>
 *   <li>Overlap: the first copy of a byte wins. Bytes already delivered are never delivered again;
 *       an out-of-order segment only fills the parts of the hole that nothing has filled yet (Zeek and
 *       Windows/BSD stacks behave the same way).</li>
 *   <li>Gaps are never glued over. A hole is declared (counted, and reported to the listener with its
 *       offset and length) when the peer acknowledges data past it, when buffered out-of-order bytes
 *       exceed the cap, when the snapshot length cut a segment short, or when the connection ends with
 *       data missing before its FIN or its peer's last acknowledgment.</li>
 *   <li>Sequence numbers are compared as signed 32-bit differences from the next expected one, so the
 *       stream offset is a 64-bit count that survives wrap-around.</li>
 *   <li>Once the listener says it needs no more bytes, nothing is buffered for this direction.</li>
 * </ul>
 */
final class StreamReassembler {
    // The flow, its direction, its stats and its buffer cap are the caller's (f, d): every open flow keeps
    // two reassemblers, and those four fields were a third of each, copied by every young collection.
    private boolean started;
    private int nextRaw;
    private long nextRel;
    private boolean delivering = true;
    private TreeMap<Long, byte[]> pending;
    private int pendingBytes;
    private long finRel = -1;
    private boolean finDelivered;
    private long peerAckRel = -1;
    int gaps;

    boolean started() {
        return started;
    }

    /** The SYN told us the initial sequence number: data starts one after it. */
    void startAfterSyn(int synSeq) {
        if (!started) {
            started = true;
            nextRaw = synSeq + 1;
            nextRel = 0;
        }
    }

    /** Without a SYN (connection began before the capture), the first segment seen is offset 0. */
    void startAt(int seq) {
        if (!started) {
            started = true;
            nextRaw = seq;
            nextRel = 0;
        }
    }

    private long rel(int seqRaw) {
        return nextRel + (int) (seqRaw - nextRaw);
    }

    private void advanceTo(long rel) {
        nextRaw += (int) (rel - nextRel);
        nextRel = rel;
    }

    /** A segment of this direction carrying payload and/or FIN. */
    void segment(Flow f, Direction d, TcpSegment s) {
        if (!started) {
            startAt(s.seq);
        }
        long start = rel(s.seq);
        long wireEnd = start + s.payloadWireLen;
        if (s.has(TcpSegment.FIN) && finRel < 0) {
            finRel = wireEnd;
        }
        if (s.payloadWireLen > 0 && delivering) {
            data(f, d, s, start, wireEnd);
        } else if (s.payloadWireLen > 0 && wireEnd <= nextRel) {
            f.stats.retransmittedSegments++;
        } else if (!delivering && wireEnd > nextRel) {
            advanceTo(wireEnd); // nobody reads these bytes; keep offsets meaningful for later events
        }
        maybeFin(f, d, s.tsNanos);
    }

    private void data(Flow f, Direction d, TcpSegment s, long start, long wireEnd) {
        if (wireEnd <= nextRel) {
            f.stats.retransmittedSegments++;
            return;
        }
        int off = s.payloadOff;
        long capEnd = start + s.payloadLen;
        if (start < nextRel) {
            // Overlaps bytes already delivered: first copy wins, keep only the new tail.
            int skip = (int) Math.min(nextRel - start, s.payloadLen);
            off += skip;
            start += skip;
            if (start < nextRel) { // the captured part ended before nextRel: all that is new was cut off
                start = nextRel;
            }
        }
        if (start == nextRel) {
            if (capEnd > start) {
                deliver(f, d, s.tsNanos, s.buf, off, (int) (capEnd - start));
            }
            if (wireEnd > nextRel) { // the snapshot length cut this segment: its tail is a known hole
                gap(f, d, s.tsNanos, nextRel, wireEnd - nextRel);
            }
            drain(f, d, s.tsNanos);
        } else {
            f.stats.outOfOrderSegments++;
            if (capEnd > start) {
                insertPending(start, s.buf, off, (int) (capEnd - start));
            }
            resolveHoles(f, d, s.tsNanos);
        }
    }

    /** The peer acknowledged up to {@code ackRaw}: it has every byte before it, even those we missed. */
    void peerAck(Flow f, Direction d, int ackRaw, long ts) {
        if (!started || !delivering) {
            return;
        }
        long a = rel(ackRaw);
        if (a > peerAckRel && a - nextRel < (1L << 30)) {
            peerAckRel = a;
            resolveHoles(f, d, ts);
        }
    }

    /** Declares holes the receiver has certainly passed, and holes that make the buffer too big. */
    private void resolveHoles(Flow f, Direction d, long ts) {
        while (pending != null && !pending.isEmpty()) {
            long first = pending.firstKey();
            boolean acked = peerAckRel > nextRel;
            boolean full = pendingBytes > f.streamCap;
            if (!acked && !full) {
                return;
            }
            long holeEnd = acked && !full ? Math.min(first, peerAckRel) : first;
            if (holeEnd <= nextRel) {
                drain(f, d, ts);
                continue;
            }
            gap(f, d, ts, nextRel, holeEnd - nextRel);
            drain(f, d, ts);
            if (!acked && full) {
                f.stats.bufferCapDrops++;
            }
        }
    }

    private void insertPending(long start, byte[] b, int off, int len) {
        if (pending == null) {
            pending = new TreeMap<>();
        }
        long end = start + len;
        long cur = start;
        Map.Entry<Long, byte[]> floor = pending.floorEntry(start);
        if (floor != null) {
            cur = Math.max(cur, floor.getKey() + floor.getValue().length);
        }
        while (cur < end) {
            Map.Entry<Long, byte[]> next = pending.ceilingEntry(cur);
            long pieceEnd = next == null ? end : Math.min(end, next.getKey());
            if (pieceEnd > cur) {
                byte[] piece = new byte[(int) (pieceEnd - cur)];
                System.arraycopy(b, off + (int) (cur - start), piece, 0, piece.length);
                pending.put(cur, piece);
                pendingBytes += piece.length;
            }
            if (next == null || next.getKey() >= end) {
                break;
            }
            cur = next.getKey() + next.getValue().length;
        }
    }

    private void drain(Flow f, Direction d, long ts) {
        while (pending != null && !pending.isEmpty()) {
            Map.Entry<Long, byte[]> e = pending.firstEntry();
            long k = e.getKey();
            if (k > nextRel) {
                return;
            }
            pending.pollFirstEntry();
            byte[] v = e.getValue();
            pendingBytes -= v.length;
            long end = k + v.length;
            if (end > nextRel && delivering) {
                int skip = (int) (nextRel - k);
                deliver(f, d, ts, v, skip, v.length - skip);
            }
        }
    }

    private void deliver(Flow f, Direction d, long ts, byte[] b, int off, int len) {
        long at = nextRel;
        advanceTo(nextRel + len);
        if (delivering) {
            delivering = f.deliver(d, ts, at, b, off, len);
            if (!delivering) {
                pending = null;
                pendingBytes = 0;
            }
        }
    }

    private void gap(Flow f, Direction d, long ts, long from, long len) {
        gaps++;
        f.stats.gaps++;
        f.stats.gapBytes += len;
        advanceTo(from + len);
        f.gap(d, ts, from, len);
    }

    private void maybeFin(Flow f, Direction d, long ts) {
        if (finRel >= 0 && !finDelivered && nextRel >= finRel) {
            finDelivered = true;
            f.fin(d, ts);
        }
    }

    /** The connection is ending: whatever is still missing is a gap; deliver what follows it. */
    void flush(Flow f, Direction d, long ts) {
        if (started && delivering) {
            if (pending != null) {
                // drain() may hand the listener bytes it then declines, which drops the buffer.
                while (pending != null && !pending.isEmpty()) {
                    long first = pending.firstKey();
                    if (first > nextRel) {
                        gap(f, d, ts, nextRel, first - nextRel);
                    }
                    drain(f, d, ts);
                }
            }
            // Data missing before the FIN, or (no FIN seen) before the peer's last acknowledgment.
            long end = finRel >= 0 ? finRel : peerAckRel;
            if (end > nextRel && end - nextRel < (1L << 30)) {
                gap(f, d, ts, nextRel, end - nextRel);
            }
        }
        if (finRel >= 0 && !finDelivered) {
            finDelivered = true;
            f.fin(d, ts);
        }
    }
}
