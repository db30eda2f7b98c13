package io.tlsinspect.reports.model;

/** One server row: address and the name clients asked for (SNI; null when none was sent). */
public record ServerSummary(String ip, int port, String name, Tally tally) {
}
