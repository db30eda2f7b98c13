package io.tlsinspect.reports.sessions;

/** What a ServerHello established for a session ID: its cipher, version, server and the connection. */
public record SessionInfo(int cipher, int version, String serverIp, long connectionId) {
}
