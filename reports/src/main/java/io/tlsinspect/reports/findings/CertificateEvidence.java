package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.FindingKind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which certificate finding explains a connection, from the certificate itself (DESIGN §5: every
 * failure named by its cause, with the evidence). One place for the rule the four certificate
 * detectors share:
 * <ol>
 *   <li>A connection is a rejection when the client sent a certificate alert (RFC 8446 §6.2), or an
 *       encrypted alert after the server's flight (TLS 1.3, or TLS 1.2 after the Finished).</li>
 *   <li>Its certificate is its own (TLS <= 1.2), else the one a TLS 1.2 connection to the same server
 *       address and SNI showed (TLS 1.3 encrypts it, RFC 8446 §4.4.2): "borrowed", and said so.</li>
 *   <li>With a certificate: not_after before the connection time is
 *       {@code certificate_expired}; else an SNI its names do not cover (RFC 6125 §6.4, one
 *       left-most wildcard label) is {@code certificate_name_mismatch}; else a self-signed one, or an
 *       unknown_ca alert, is {@code certificate_untrusted}; else the generic
 *       {@code client_rejected_certificate}, as without a certificate (then it is hidden).</li>
 *   <li>An established connection whose certificate is expired or does not cover its SNI joins that
 *       finding too: the client did not check, or left after checking (curl does).</li>
 * </ol>
 */
public final class CertificateEvidence {
    /** RFC 5246 §7.2.2 / RFC 8446 §6.2 alerts a client sends about the server's certificate. */
    static final Set<String> CERTIFICATE_ALERTS = Set.of("bad_certificate", "unsupported_certificate",
            "certificate_revoked", "certificate_expired", "certificate_unknown", "unknown_ca",
            "bad_certificate_status_response");

    /** One connection's verdict: the finding, the certificate (null when never seen), whether borrowed. */
    public record Verdict(HandshakeRecord record, FindingKind kind, CertificateInfo certificate, boolean borrowed,
                          String reason) {
    }

    private CertificateEvidence() {
    }

    public static List<Verdict> verdicts(FindingContext ctx) {
        Map<String, CertificateInfo> seen = new HashMap<>();
        for (HandshakeRecord r : ctx.sorted()) {
            if (r.certificate() != null) {
                seen.putIfAbsent(key(r), r.certificate());
            }
        }
        List<Verdict> out = new ArrayList<>();
        for (HandshakeRecord r : ctx.sorted()) {
            String reason = rejection(r);
            boolean established = r.outcome() == Outcome.ESTABLISHED;
            if (reason == null && !established) {
                continue;
            }
            CertificateInfo cert = r.certificate();
            boolean borrowed = false;
            if (cert == null) {
                cert = seen.get(key(r));
                borrowed = cert != null;
            }
            FindingKind kind = kind(r, cert, reason);
            if (established && kind != FindingKind.CERTIFICATE_EXPIRED && kind != FindingKind.CERTIFICATE_NAME_MISMATCH) {
                continue;
            }
            out.add(new Verdict(r, kind, cert, borrowed, reason == null ? "completed the handshake" : reason));
        }
        return out;
    }

    /** Why this connection is a rejection of the certificate, or null when it is not one. */
    private static String rejection(HandshakeRecord r) {
        if (r.outcome() != Outcome.CLIENT_ALERT || r.decisiveAlert() == null) {
            return null;
        }
        AlertEvent a = r.decisiveAlert();
        if (a.description() != null && CERTIFICATE_ALERTS.contains(a.description())) {
            return a.description();
        }
        if (a.description() == null && a.encrypted() && r.serverHello() != null) {
            return "an encrypted alert (inferred)";
        }
        return null;
    }

    private static FindingKind kind(HandshakeRecord r, CertificateInfo cert, String reason) {
        if (cert == null) {
            return FindingKind.CLIENT_REJECTED_CERTIFICATE;
        }
        if (expired(cert, r.tsNanos())) {
            return FindingKind.CERTIFICATE_EXPIRED;
        }
        String sni = r.serverName();
        if (sni != null && !sni.isEmpty() && !covers(cert, sni)) {
            return FindingKind.CERTIFICATE_NAME_MISMATCH;
        }
        if (cert.selfSigned() || "unknown_ca".equals(reason)) {
            return FindingKind.CERTIFICATE_UNTRUSTED;
        }
        return FindingKind.CLIENT_REJECTED_CERTIFICATE;
    }

    /**
     * not_after before the connection's start. Unparseable dates decide nothing; a certificate not
     * yet valid (not_before after the start) is not "expired" and falls to the generic finding.
     */
    static boolean expired(CertificateInfo cert, long tsNanos) {
        if (cert.notAfter() == null) {
            return false;
        }
        try {
            return Instant.parse(cert.notAfter()).isBefore(Instant.ofEpochSecond(Math.floorDiv(tsNanos, 1_000_000_000L)));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** RFC 6125 §6.4: DNS SANs (the CN only when there is none), a wildcard only as the whole left-most label. */
    static boolean covers(CertificateInfo cert, String sni) {
        String host = sni.toLowerCase(Locale.ROOT);
        List<String> names = dnsNames(cert);
        for (String n : names) {
            String name = n.toLowerCase(Locale.ROOT);
            if (name.equals(host)) {
                return true;
            }
            if (name.startsWith("*.") && host.indexOf('.') > 0 && host.substring(host.indexOf('.')).equals(name.substring(1))) {
                return true;
            }
        }
        return false;
    }

    /** The names a certificate covers: DNS SANs, else its subject CN. */
    public static List<String> dnsNames(CertificateInfo cert) {
        List<String> out = new ArrayList<>();
        for (String n : cert.subjectAltNames()) {
            if (!n.contains(":")) {
                out.add(n);
            }
        }
        if (out.isEmpty() && cert.subject() != null) {
            for (String rdn : Dn.parts(cert.subject())) {
                if (rdn.startsWith("CN=")) {
                    out.add(rdn.substring(3));
                }
            }
        }
        return out;
    }

    private static String key(HandshakeRecord r) {
        String sni = r.serverName();
        return r.server().ip() + '\u0000' + (sni == null ? "" : sni.toLowerCase(Locale.ROOT));
    }

    /** The verdicts of one kind. */
    static List<Verdict> of(FindingContext ctx, FindingKind kind) {
        return verdicts(ctx).stream().filter(v -> v.kind() == kind).toList();
    }

    /** "7 connections from 198.51.100.10 and 198.51.100.11 to www.example.test at 203.0.113.28" plus how they ended. */
    static String who(List<Verdict> hits) {
        List<HandshakeRecord> records = hits.stream().map(Verdict::record).toList();
        long rejected = hits.stream().filter(v -> v.record().outcome() != Outcome.ESTABLISHED).count();
        String s = Phrases.count(hits.size(), "connection") + " from " + Phrases.clients(records.stream().map(r -> r.client().ip()).toList())
                + " to " + FindingContext.servers(records);
        if (rejected > 0) {
            s += " (" + rejected + " rejected with " + Phrases.names(hits.stream().filter(v -> v.record().outcome() != Outcome.ESTABLISHED)
                    .map(Verdict::reason).toList());
            long done = hits.size() - rejected;
            s += done > 0 ? "; " + done + " completed the handshake but the certificate is just as wrong for "
                    + (done == 1 ? "it" : "them") + ")" : ")";
        }
        return s;
    }

    static String servers(List<Verdict> hits) {
        return FindingContext.servers(hits.stream().map(Verdict::record).toList());
    }

    /** Where the certificate was read: "" when from the connections themselves. */
    static String source(List<Verdict> hits) {
        long borrowed = hits.stream().filter(Verdict::borrowed).count();
        if (borrowed == 0) {
            return "";
        }
        return " TLS 1.3 encrypts the certificate: for " + borrowed + " of them it was read from a TLS 1.2"
                + " connection to the same server address and name.";
    }

    /** The certificates' one-line descriptions, distinct. */
    static String describe(List<Verdict> hits) {
        return Phrases.names(hits.stream().map(v -> describe(v.certificate())).toList());
    }

    static String describe(CertificateInfo c) {
        return Dn.rfc4514(c.subject()) + " (names " + String.join(", ", dnsNames(c)) + "; issuer "
                + (c.selfSigned() ? "itself, self-signed" : Dn.rfc4514(c.issuer())) + "; valid " + c.notBefore()
                + " to " + c.notAfter() + ")";
    }
}
