package io.tlsinspect.reports.sessions;

/**
 * A ClientHello that offered a known session ID without offering that session's cipher: OpenSSL
 * refuses it as "required cipher missing" (ssl_get_prev_session), typically with illegal_parameter.
 */
public record MissingCipherHit(long connectionId, String sessionId, SessionInfo session) {
}
