package io.tlsinspect.reports.model;

/**
 * The rows a capped table did not list, folded into one (DESIGN §3: a table's size is capped with a
 * counted overflow).
 *
 * @param rows how many counted rows (clients, servers) were cut from the listing
 * @param untrackedConnections connections of clients or servers first seen after the table counted
 *     as many as it tracks one by one: they are in {@code tally} but not in {@code rows}
 * @param tally the connections of all of them, counted like any row
 */
public record OtherRows(long rows, long untrackedConnections, Tally tally) {
}
