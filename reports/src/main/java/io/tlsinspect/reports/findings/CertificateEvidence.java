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

    /**
     * Most (server address, SNI) pairs whose certificate is remembered for TLS 1.3 connections to
     * borrow (DESIGN §3: the map grew with every distinct pair). Beyond it a pair's certificate is
     * not kept: a TLS 1.3 rejection to it is hidden, and counted as not looked up ({@link Evaluation}).
     */
    static final int PAIR_CAP = 50_000;
    /** Most distinct certificates whose facts are kept; others are evaluated per connection, as before. */
    static final int FACTS_CAP = 4_096;
    /** Most SNIs whose name check is kept per certificate. */
    static final int NAMES_CAP = 256;

    /** One connection's verdict: the finding, the certificate (null when never seen), whether borrowed. */
    public record Verdict(HandshakeRecord record, FindingKind kind, CertificateInfo certificate, boolean borrowed,
                          String reason) {
    }

    private CertificateEvidence() {
    }

    /** Every connection's verdict, in time order, to {@code sink}: none is kept (DESIGN §3). */
    public static void verdicts(FindingContext ctx, java.util.function.Consumer<Verdict> sink) {
        evaluate(ctx.sorted(), new Evaluation(ctx.proofCap(), PAIR_CAP), (v, facts) -> sink.accept(v));
    }

    /**
     * The four certificate findings' verdicts from one evaluation per run (two passes over the
     * records, the first one the analysis's own when it fed {@link Shared#remember}), shared by their detectors through {@link FindingContext#certificates}: each of the
     * four used to read the records twice and judge every connection again.
     */
    static Verdicts of(FindingContext ctx, FindingKind kind) {
        return ctx.certificates().evaluation(ctx).of(kind);
    }

    /** Pass 1 remembers each pair's first certificate; pass 2 judges every rejected or established connection. */
    private static void evaluate(Iterable<HandshakeRecord> sorted, Evaluation ev,
                                 java.util.function.BiConsumer<Verdict, Facts> sink) {
        Remembered m = new Remembered(ev.pairCap);
        sorted.forEach(m::add);
        judge(sorted, ev, m, sink);
    }

    /**
     * Pass 1's memory: each (server address, SNI) pair's first certificate (at most {@code pairCap}
     * pairs; those beyond are counted) and each distinct certificate's facts. Filled by
     * {@link Shared#remember} in the analysis's first pass, else by a pass of its own.
     */
    static final class Remembered {
        final Map<CertificateInfo, Facts> facts = new HashMap<>();
        final Map<Pair, Facts> seen = new HashMap<>();
        final int pairCap;
        boolean pairsFull;
        long notRemembered;

        Remembered(int pairCap) {
            this.pairCap = pairCap;
        }

        void add(HandshakeRecord r) {
            if (r.certificate() != null) {
                Pair k = Pair.of(r);
                if (!seen.containsKey(k)) {
                    if (seen.size() < pairCap) {
                        seen.put(k, facts(facts, r.certificate()));
                    } else {
                        pairsFull = true;
                        notRemembered++;
                    }
                }
            }
        }
    }

    /** Pass 2: every rejected or established connection judged against what pass 1 remembered. */
    private static void judge(Iterable<HandshakeRecord> sorted, Evaluation ev, Remembered m,
                              java.util.function.BiConsumer<Verdict, Facts> sink) {
        ev.pairsFull = m.pairsFull;
        ev.notRemembered = m.notRemembered;
        Map<CertificateInfo, Facts> facts = m.facts;
        Map<Pair, Facts> seen = m.seen;
        // the loop in forEach, the rule in a lambda: see FindingContext#forEachRecord
        sorted.forEach(r -> {
            String reason = rejection(r);
            boolean established = r.outcome() == Outcome.ESTABLISHED;
            if (reason == null && !established) {
                return;
            }
            Facts f = r.certificate() == null ? null : facts(facts, r.certificate());
            boolean borrowed = false;
            boolean unlooked = false;
            if (f == null) {
                f = seen.get(Pair.of(r));
                borrowed = f != null;
                unlooked = f == null && ev.pairsFull;
            }
            FindingKind kind = kind(r, f, reason);
            if (established && kind != FindingKind.CERTIFICATE_EXPIRED && kind != FindingKind.CERTIFICATE_NAME_MISMATCH) {
                return;
            }
            if (unlooked) {
                ev.notLookedUp++;
            }
            sink.accept(new Verdict(r, kind, f == null ? null : f.cert, borrowed,
                    reason == null ? "completed the handshake" : reason), f);
        });
    }

    /** The facts of a certificate, from the cache when it was met before. */
    private static Facts facts(Map<CertificateInfo, Facts> cache, CertificateInfo c) {
        Facts f = cache.get(c);
        if (f == null) {
            f = new Facts(c);
            if (cache.size() < FACTS_CAP) {
                cache.put(c, f);
            }
        }
        return f;
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

    private static FindingKind kind(HandshakeRecord r, Facts cert, String reason) {
        if (cert == null) {
            return FindingKind.CLIENT_REJECTED_CERTIFICATE;
        }
        if (cert.expiredAt(r.tsNanos())) {
            return FindingKind.CERTIFICATE_EXPIRED;
        }
        String sni = r.serverName();
        if (sni != null && !sni.isEmpty() && !cert.covers(sni)) {
            return FindingKind.CERTIFICATE_NAME_MISMATCH;
        }
        if (cert.cert.selfSigned() || "unknown_ca".equals(reason)) {
            return FindingKind.CERTIFICATE_UNTRUSTED;
        }
        return FindingKind.CLIENT_REJECTED_CERTIFICATE;
    }

    /**
     * not_after before the connection's start. Unparseable dates decide nothing; a certificate not
     * yet valid (not_before after the start) is not "expired" and falls to the generic finding.
     */
    static boolean expired(CertificateInfo cert, long tsNanos) {
        return new Facts(cert).expiredAt(tsNanos);
    }

    /** RFC 6125 §6.4: DNS SANs (the CN only when there is none), a wildcard only as the whole left-most label. */
    static boolean covers(CertificateInfo cert, String sni) {
        return covers(lower(dnsNames(cert)), sni);
    }

    private static boolean covers(List<String> lowerNames, String sni) {
        String host = sni.toLowerCase(Locale.ROOT);
        int dot = host.indexOf('.');
        for (String name : lowerNames) {
            if (name.equals(host)) {
                return true;
            }
            if (name.startsWith("*.") && dot > 0 && host.substring(dot).equals(name.substring(1))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> lower(List<String> names) {
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(n.toLowerCase(Locale.ROOT));
        }
        return out;
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

    /** A server address and the SNI asked of it (lower case; "" when none): the key a TLS 1.3 connection borrows by. */
    private record Pair(String ip, String sni) {
        static Pair of(HandshakeRecord r) {
            String sni = r.serverName();
            return new Pair(r.server().ip(), sni == null ? "" : sni.toLowerCase(Locale.ROOT));
        }

        // Written out, as the record's own would compute them (same hash): the generated ones go through
        // ObjectMethods' invokedynamic, a method-handle chain per call, on a key looked up for every record.
        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && java.util.Objects.equals(ip, p.ip) && java.util.Objects.equals(sni, p.sni);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hashCode(ip) * 31 + java.util.Objects.hashCode(sni);
        }
    }

    /**
     * What the rule and the sentences read from one distinct certificate, worked out once (the
     * certificate of a busy server repeats on every connection): not_after as an instant (it was
     * parsed from text for every connection, four times), its names, and the phrases naming it.
     */
    static final class Facts {
        final CertificateInfo cert;
        private final Instant notAfter;
        final List<String> names;
        private final List<String> lowerNames;
        private final Map<String, Boolean> covered = new HashMap<>();
        private String describe;
        private String issuer;
        private boolean issuerDone;
        private String issuerMarked;
        private String nameList;

        Facts(CertificateInfo cert) {
            this.cert = cert;
            this.notAfter = instant(cert.notAfter());
            this.names = List.copyOf(dnsNames(cert));
            this.lowerNames = lower(names);
        }

        private static Instant instant(String s) {
            if (s == null) {
                return null;
            }
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        /** not_after before the start of a connection at {@code tsNanos} (to the second, as the rule reads it). */
        boolean expiredAt(long tsNanos) {
            // Instant.isBefore(ofEpochSecond(t)) reads seconds first, and nanos are never negative
            return notAfter != null && notAfter.getEpochSecond() < Math.floorDiv(tsNanos, 1_000_000_000L);
        }

        /** Whether the certificate covers this SNI, kept for the first {@link #NAMES_CAP} names asked. */
        boolean covers(String sni) {
            Boolean known = covered.get(sni);
            if (known != null) {
                return known;
            }
            boolean c = CertificateEvidence.covers(lowerNames, sni);
            if (covered.size() < NAMES_CAP) {
                covered.put(sni, c);
            }
            return c;
        }

        String describe() {
            if (describe == null) {
                describe = CertificateEvidence.describe(cert);
            }
            return describe;
        }

        String issuer() {
            if (!issuerDone) {
                issuer = Dn.rfc4514(cert.issuer());
                issuerDone = true;
            }
            return issuer;
        }

        String issuerMarked() {
            if (issuerMarked == null) {
                issuerMarked = Dn.rfc4514(cert.issuer()) + (cert.selfSigned() ? " (self-signed)" : "");
            }
            return issuerMarked;
        }

        String nameList() {
            if (nameList == null) {
                nameList = String.join(", ", names);
            }
            return nameList;
        }
    }

    /**
     * The one evaluation of a run: each certificate finding's {@link Verdicts}, and what the pair cap
     * cut (both 0 unless more than {@link #PAIR_CAP} pairs showed a certificate).
     */
    static final class Evaluation {
        private final Map<FindingKind, Verdicts> byKind = new java.util.EnumMap<>(FindingKind.class);
        private final int proofCap;
        boolean pairsFull;
        /** Connections with their own certificate to a pair beyond the cap (its certificate not remembered). */
        long notRemembered;
        /** Verdicts without a certificate whose pair was not found while the cap was full. */
        long notLookedUp;
        final int pairCap;

        Evaluation(int proofCap, int pairCap) {
            this.proofCap = proofCap;
            this.pairCap = pairCap;
        }

        Verdicts of(FindingKind kind) {
            return byKind.computeIfAbsent(kind, k -> new Verdicts(proofCap, this));
        }
    }

    /**
     * The certificate evaluation of one run, made by the first detector that asks and read by the
     * other three. {@link FindingEngine} runs the four on one thread (as one party of the shared
     * passes): a detector blocked here while another reads would stall every round.
     */
    public static final class Shared {
        private final int pairCap;
        private final Remembered remembered;
        private boolean fed;
        private Evaluation evaluation;

        public Shared() {
            this(PAIR_CAP);
        }

        Shared(int pairCap) {
            this.pairCap = pairCap;
            this.remembered = new Remembered(pairCap);
        }

        /**
         * The evaluation's first pass, done by the analysis's: each record in time order, before any
         * detector asks (issue 9: the findings then read the records once, not twice). Not thread-safe:
         * the analysis's one thread calls it, and starts the detectors' threads after.
         */
        public void remember(HandshakeRecord r) {
            fed = true;
            remembered.add(r);
        }

        synchronized Evaluation evaluation(FindingContext ctx) {
            if (evaluation == null) {
                Evaluation ev = new Evaluation(ctx.proofCap(), pairCap);
                java.util.function.BiConsumer<Verdict, Facts> sink = (v, f) -> {
                    if (ev.of(v.kind()).add(v, f)) {
                        ctx.keptAsProof(v.record()); // its outcome, for the diagnosis
                    }
                };
                if (fed) {
                    judge(ctx.sorted(), ev, remembered, sink);
                } else {
                    evaluate(ctx.sorted(), ev, sink);
                }
                evaluation = ev;
            }
            return evaluation;
        }
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

        /** What the pair cap cut in the evaluation these verdicts come from. */
        final Evaluation evaluation;

        Verdicts(int proofCap, Evaluation evaluation) {
            this.proofCap = proofCap;
            this.evaluation = evaluation;
        }

        /** Counts a verdict; true when its connection is kept in the proof list. */
        boolean add(Verdict v, Facts c) {
            HandshakeRecord r = v.record();
            total++;
            boolean proof = ids.size() < proofCap;
            if (proof) {
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
            if (c != null) {
                seen++;
                allSelfSigned &= c.cert.selfSigned();
                descriptions.add(c.describe());
                notAfter.add(c.cert.notAfter());
                issuers.add(c.issuer());
                issuersMarked.add(c.issuerMarked());
                certNameList.add(c.nameList());
                for (String n : c.names) {
                    certNames.add(n);
                }
            } else {
                allSelfSigned = false;
            }
            return proof;
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
