package io.tlsinspect.cli.live;

import io.tlsinspect.capture.live.LiveSource;
import io.tlsinspect.capture.live.PcapCounters;
import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.cli.metrics.PrometheusText;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.OutcomeKey;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The periodic stderr line. Cheap on purpose: it counts only the records finished since the last
 * line, so a long run does not rescan everything every ten seconds.
 */
public final class LiveSummary {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final LiveRun insp;
    private final long everyNanos;
    private final PrintStream err;
    private final Map<OutcomeKey, Long> failures = new TreeMap<>();
    private long established;
    private int seen;
    private long next;

    public LiveSummary(LiveRun insp, Duration every, PrintStream err) {
        this.insp = insp;
        this.everyNanos = every.toNanos();
        this.err = err;
        this.next = System.nanoTime() + everyNanos;
    }

    public void maybePrint(LiveSource src) {
        if (everyNanos <= 0 || System.nanoTime() < next) {
            return;
        }
        next = System.nanoTime() + everyNanos;
        err.println("tlsinspect: " + CLOCK.format(LocalTime.now()) + " " + line(src.counters()));
    }

    public String line(PcapCounters c) {
        count();
        CaptureStats st = insp.captureStats();
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder sb = new StringBuilder();
        sb.append("packets ").append(st.packets)
                .append(", connections ").append(st.connections)
                .append(" (open ").append(insp.openFlows()).append(')')
                .append(", established ").append(established)
                .append(", failed ").append(failed);
        if (failed > 0) {
            sb.append(" [");
            String sep = "";
            for (Map.Entry<OutcomeKey, Long> e : failures.entrySet()) {
                sb.append(sep).append(e.getKey()).append(' ').append(e.getValue());
                sep = ", ";
            }
            sb.append(']');
        }
        sb.append(", kernel drops ").append(c.dropped());
        if (c.interfaceDropped() > 0) {
            sb.append(", interface drops ").append(c.interfaceDropped());
        }
        sb.append(", queue drops ").append(st.queueDrops); // the decoders were behind (see stats.queue_drops)
        if (st.unreadAtStop > 0) {
            sb.append(", unread at stop ").append(st.unreadAtStop);
        }
        return sb.toString();
    }

    public void countNow() {
        count();
    }

    /** The records counted so far were handed to a rotated report and dropped from the list. */
    public void forgotten() {
        seen = 0;
    }

    private void count() {
        List<HandshakeRecord> fresh = insp.recordsSince(seen);
        for (HandshakeRecord r : fresh) {
            if (r.outcome() == Outcome.ESTABLISHED) {
                established++;
            } else if (r.outcome().isFailure()) {
                failures.merge(OutcomeKey.of(r), 1L, Long::sum);
            }
        }
        seen += fresh.size();
    }

    /** The same counts for Prometheus (--metrics). */
    public String prometheus(PcapCounters c) {
        count();
        CaptureStats st = insp.captureStats();
        Map<Map<String, String>, Long> outcomes = new java.util.LinkedHashMap<>();
        outcomes.put(Map.of("outcome", "established"), established);
        for (Map.Entry<OutcomeKey, Long> e : failures.entrySet()) {
            OutcomeKey k = e.getKey();
            outcomes.put(k.alert() == null ? Map.of("outcome", k.outcome().key())
                    : new java.util.TreeMap<>(Map.of("outcome", k.outcome().key(), "alert", k.alert())), e.getValue());
        }
        return new PrometheusText()
                .metric("tlsinspect_packets_total", "counter", "Packets read from the interface.", st.packets)
                .metric("tlsinspect_connections_total", "counter", "TCP connections seen on the monitored ports.",
                        st.connections)
                .metric("tlsinspect_open_connections", "gauge", "Connections tracked now.",
                        insp.openFlows())
                .labelled("tlsinspect_handshakes_total", "counter",
                        "Finished connections by outcome (and alert, for alert outcomes).", outcomes)
                .metric("tlsinspect_gaps_total", "counter", "Holes in reassembled streams.", st.gaps)
                .metric("tlsinspect_flows_evicted_total", "counter", "Connections evicted from a full flow table.",
                        st.flowsEvicted)
                .metric("tlsinspect_kernel_drops_total", "counter", "Packets the kernel dropped (libpcap ps_drop).",
                        c.dropped())
                .metric("tlsinspect_interface_drops_total", "counter",
                        "Packets the interface dropped (libpcap ps_ifdrop).", c.interfaceDropped())
                .metric("tlsinspect_queue_drops_total", "counter",
                        "TCP segments dropped because a decoder worker's queue was full.", st.queueDrops)
                .toString();
    }
}
