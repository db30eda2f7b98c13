package io.tlsinspect.capture;

/** What one input contributed: DESIGN §6 {@code inputs[]} (file, link_type, packets, first_ts, last_ts). */
public final class InputTally {
    private final String name;
    private int linkType = -1;
    private long packets;
    private long firstTs;
    private long lastTs;

    public InputTally(String name) {
        this.name = name;
    }

    void count(int linkType, long ts) {
        if (this.linkType < 0) {
            this.linkType = linkType;
        }
        if (packets == 0 || ts < firstTs) {
            firstTs = ts;
        }
        if (ts > lastTs) {
            lastTs = ts;
        }
        packets++;
    }

    public String name() { return name; }
    public int linkType() { return linkType; }
    public long packets() { return packets; }
    public long firstTsNanos() { return firstTs; }
    public long lastTsNanos() { return lastTs; }
}
