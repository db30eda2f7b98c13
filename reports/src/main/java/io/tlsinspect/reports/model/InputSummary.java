package io.tlsinspect.reports.model;

/**
 * One input file of a run (DESIGN §6 {@code inputs}).
 *
 * @param file the path as given on the command line ("-" for stdin)
 * @param linkType the link layer name, e.g. "EN10MB"
 * @param firstTsNanos epoch nanoseconds of the first packet, 0 when the file held none
 * @param lastTsNanos epoch nanoseconds of the last packet, 0 when the file held none
 */
public record InputSummary(String file, String linkType, long packets, long firstTsNanos, long lastTsNanos) {
}
