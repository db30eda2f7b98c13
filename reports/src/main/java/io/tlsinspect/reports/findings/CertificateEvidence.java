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

    /** Every connection's verdict, in time order, to {@code sink}: none is kept (DESIGN §3). */
    public static void verdicts(FindingContext ctx, java.util.function.Consumer<Verdict> sink) {
        Map<String, CertificateInfo> seen = new HashMap<>();
        for (HandshakeRecord r : ctx.sorted()) {
            if (r.certificate() != null) {
                seen.putIfAbsent(key(r), r.certificate());
            }
        }
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
            sink.accept(new Verdict(r, kind, cert, borrowed, reason == null ? "completed the handshake" : reason));
        }
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

    /** The verdicts of one kind, gathered into counts and distinct values ({@link Verdicts}). */
    static Verdicts of(FindingContext ctx, FindingKind kind) {
        Verdicts v = new Verdicts(ctx.proofCap());
        verdicts(ctx, x -> {
            if (x.kind() == kind) {
                v.add(x);
            }
        });
        return v;
    }

    /**
     * One certificate finding's verdicts as the detectors read them, bounded (DESIGN §3: a finding keeps
     * its count and a capped proof list): counts, the first {@code proofCap} ids, and the distinct
     * values its sentences name, each set in first-seen order and capped at {@link #DISTINCT_CAP}
     * (beyond it a value is not kept, and a count of clients says "at least"). It held one verdict
     * with its record per connection: an expired certificate on a busy server filled the heap.
     */
    static final class Verdicts {
        static final int DISTINCT_CAP = 10_000;
        private final int proofCap;
        final List<Long> ids = new ArrayList<>();
        long total;
        long rejected;
        long failed;
        long borrowed;
        long seen;
        boolean allSelfSigned = true;
        final Distinct clients = new Distinct();
        final Distinct reasons = new Distinct();
        final Distinct descriptions = new Distinct();
        final Distinct notAfter = new Distinct();
        final Distinct issuers = new Distinct();
        final Distinct issuersMarked = new Distinct();
        final Distinct serverNames = new Distinct();
        final Distinct serverIps = new Distinct();
        final Distinct certNames = new Distinct();
        final Distinct certNameList = new Distinct();
        /** SNI ("" when none) -> server addresses, for {@link FindingContext#servers}. */
        final Map<String, Distinct> servers = new java.util.LinkedHashMap<>();

        Verdicts(int proofCap) {
            this.proofCap = proofCap;
        }

        void add(Verdict v) {
            HandshakeRecord r = v.record();
            total++;
            if (ids.size() < proofCap) {
                ids.add(r.id());
            }
            if (r.outcome() != Outcome.ESTABLISHED) {
                rejected++;
                reasons.add(v.reason());
            }
            failed += r.outcome().isFailure() ? 1 : 0;
            borrowed += v.borrowed() ? 1 : 0;
            clients.add(r.client().ip());
            serverNames.add(r.serverName());
            serverIps.add(r.server().ip());
            String sni = r.serverName() == null || r.serverName().isEmpty() ? "" : r.serverName();
            Distinct ips = servers.get(sni);
            if (ips == null && servers.size() < DISTINCT_CAP) {
                ips = new Distinct();
                servers.put(sni, ips);
            }
            if (ips != null) {
                ips.add(r.server().ip());
            }
            CertificateInfo c = v.certificate();
            if (c != null) {
                seen++;
                allSelfSigned &= c.selfSigned();
                descriptions.add(CertificateEvidence.describe(c));
                notAfter.add(c.notAfter());
                issuers.add(Dn.rfc4514(c.issuer()));
                issuersMarked.add(Dn.rfc4514(c.issuer()) + (c.selfSigned() ? " (self-signed)" : ""));
                List<String> names = dnsNames(c);
                certNameList.add(String.join(", ", names));
                names.forEach(certNames::add);
            } else {
                allSelfSigned = false;
            }
        }

        boolean isEmpty() {
            return total == 0;
        }

        /** "7 connections from 198.51.100.10 and 198.51.100.11 to www.example.test at 203.0.113.28" plus how they ended. */
        String who() {
            String s = Phrases.count(total, "connection") + " from " + Phrases.count(clients.size(), "client")
                    + (clients.cut ? " or more" : "") + " (" + Phrases.names(clients.values) + ") to " + servers();
            if (rejected > 0) {
                s += " (" + rejected + " rejected with " + Phrases.names(reasons.values);
                long done = total - rejected;
                s += done > 0 ? "; " + done + " completed the handshake but the certificate is just as wrong for "
                        + (done == 1 ? "it" : "them") + ")" : ")";
            }
            return s;
        }

        /** As {@link FindingContext#servers}: "name at address, ..." per server name. */
        String servers() {
            List<String> parts = new ArrayList<>();
            servers.forEach((name, ips) -> parts.add(name.isEmpty() ? Phrases.names(ips.values) : name + " at " + Phrases.names(ips.values)));
            return parts.size() <= Phrases.MAX_NAMES ? String.join("; ", parts)
                    : String.join("; ", parts.subList(0, Phrases.MAX_NAMES)) + "; and " + (parts.size() - Phrases.MAX_NAMES) + " more names";
        }

        /** Where the certificate was read: "" when from the connections themselves. */
        String source() {
            if (borrowed == 0) {
                return "";
            }
            return " TLS 1.3 encrypts the certificate: for " + borrowed + " of them it was read from a TLS 1.2"
                    + " connection to the same server address and name.";
        }

        /** The certificates' one-line descriptions, distinct. */
        String describe() {
            return Phrases.names(descriptions.values);
        }
    }

    /** Distinct strings in first-seen order, at most {@link Verdicts#DISTINCT_CAP} of them kept. */
    static final class Distinct {
        final java.util.LinkedHashSet<String> values = new java.util.LinkedHashSet<>();
        boolean cut;

        void add(String v) {
            if (values.size() < Verdicts.DISTINCT_CAP) {
                values.add(v);
            } else if (!values.contains(v)) {
                cut = true;
            }
        }

        int size() {
            return values.size();
        }

        /** One value when all are equal, else the distinct values (as {@link Finding#oneOrList}). */
        Object oneOrList() {
            return values.size() == 1 ? values.iterator().next() : List.copyOf(values);
        }
    }

    static String describe(CertificateInfo c) {
        return Dn.rfc4514(c.subject()) + " (names " + String.join(", ", dnsNames(c)) + "; issuer "
                + (c.selfSigned() ? "itself, self-signed" : Dn.rfc4514(c.issuer())) + "; valid " + c.notBefore()
                + " to " + c.notAfter() + ")";
    }
}
