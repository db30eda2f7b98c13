package io.tlsinspect.reports;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.chains.ChainBuilder;
import io.tlsinspect.reports.chains.ChainSet;
import io.tlsinspect.reports.clients.Breakdowns;
import io.tlsinspect.reports.clients.ClientIdentity;
import io.tlsinspect.reports.clients.ClientTable;
import io.tlsinspect.reports.clients.FailureTimeline;
import io.tlsinspect.reports.clients.FamilyCatalog;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.diagnosis.DiagnosisWriter;
import io.tlsinspect.reports.diagnosis.FloodSigns;
import io.tlsinspect.reports.findings.FindingContext;
import io.tlsinspect.reports.findings.CertificateEvidence;
import io.tlsinspect.reports.findings.FindingEngine;
import io.tlsinspect.reports.findings.ServerChoices;
import io.tlsinspect.reports.model.AnalysisOptions;
import io.tlsinspect.reports.model.ConnectionView;
import io.tlsinspect.reports.model.Diagnosis;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.Report;
import io.tlsinspect.reports.model.ReportInput;
import io.tlsinspect.reports.sessions.SessionTracker;
import io.tlsinspect.reports.model.Connections;
import io.tlsinspect.reports.model.RecordSource;
import io.tlsinspect.reports.model.OutcomeKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reports module's entry point: HandshakeRecords in, a {@link Report} out. Orders the steps and
 * decides nothing itself: chains ({@link ChainBuilder}), sessions ({@link SessionTracker}), client
 * and breakdown tables, findings ({@link FindingEngine}), diagnosis ({@link DiagnosisWriter}).
 */
public final class Analyzer {
    private final FamilyCatalog catalog;

    public Analyzer() {
        this(FamilyCatalog.builtIn());
    }

    public Analyzer(FamilyCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Streams (DESIGN §3): the records are read from {@code in.records()} in several passes and none
     * is kept, except chain roots and the connections of session hits. Pass 1: chains (each decided
     * within the retry window), sessions, totals, the client, version, family and server tables, the
     * failure timeline, what each server chose ({@link ServerChoices}) and the certificate each server
     * address and name showed ({@link CertificateEvidence.Shared#remember}); the chains are placed on
     * the client rows once they are known. Then the findings read the records once more (one shared
     * read for all the detectors) and the diagnosis once; the report's connections are built one by
     * one when a renderer reads them.
     */
    public Report analyze(ReportInput in, AnalysisOptions opts) {
        RecordSource src = in.records();
        ChainBuilder chainBuilder = new ChainBuilder(opts.retryWindow(), opts.chainRows());
        SessionTracker sessions = new SessionTracker(opts.sessionCacheCap(), opts.proofCap());
        ClientTable clientTable = new ClientTable(catalog, opts.clientRows(), opts.clientsTracked());
        Breakdowns breakdowns = new Breakdowns(opts.serverRows(), opts.serversTracked());
        FailureTimeline.Counter timeline = new FailureTimeline.Counter();
        Map<Long, HandshakeRecord> kept = new HashMap<>(); // session hits' connections, for their finding
        long connections = 0;
        long tls = 0;
        long failed = 0;
        long lastTs = 0;
        long[] outcomes = new long[Outcome.values().length];
        Map<OutcomeKey, long[]> failures = new HashMap<>(); // one entry per outcome key
        ServerChoices serverChoices = new ServerChoices();
        CertificateEvidence.Shared certificates = new CertificateEvidence.Shared();
        for (HandshakeRecord r : src) {
            connections++;
            tls += r.clientHello() != null ? 1 : 0;
            OutcomeKey key = OutcomeKey.of(r);
            if (r.outcome().isFailure()) {
                failed++;
                failures.computeIfAbsent(key, k -> new long[1])[0]++;
            }
            outcomes[r.outcome().ordinal()]++;
            lastTs = r.tsNanos();
            chainBuilder.accept(r);
            long before = sessions.hitCount();
            sessions.observe(r);
            if (sessions.hitCount() > before && kept.size() < opts.proofCap()) {
                kept.put(r.id(), r);
            }
            breakdowns.addWithFamily(r, clientTable.count(r, key), key);
            timeline.add(r);
            serverChoices.add(r);
            certificates.remember(r);
        }
        ChainSet chains = chainBuilder.finish();
        clientTable.listChains(chains);
        ClientTable.Result clients = clientTable.finish();
        Breakdowns.Servers servers = breakdowns.byServer();
        Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            if (outcomes[o.ordinal()] > 0) {
                byOutcome.put(o, outcomes[o.ordinal()]);
            }
        }

        FindingContext ctx = new FindingContext(src, chains, sessions.hits(), sessions.hitCount(), kept, opts.proofCap(),
                r -> clientTable.identity(r, chains).family(), certificates, serverChoices);
        List<Finding> findings = new FindingEngine().run(ctx);
        Map<OutcomeKey, Long> failuresByKey = new HashMap<>();
        failures.forEach((k, n) -> failuresByKey.put(k, n[0]));
        Diagnosis written = new DiagnosisWriter().write(ctx, findings, new DiagnosisWriter.Totals(connections, failed,
                outcomes[Outcome.MID_STREAM.ordinal()], failuresByKey));
        // a flood, when there is one, is what the operator must read first: it explains the counts that follow
        List<String> sentences = new ArrayList<>(FloodSigns.of(byOutcome, connections, clients.counted(), clients.untracked(), in.stats()));
        sentences.addAll(written.sentences());
        Diagnosis diagnosis = new Diagnosis(written.headline(), sentences);

        Map<Long, List<String>> findingsByConnection = new HashMap<>(); // from the capped proof lists
        for (Finding f : findings) {
            for (long id : f.connections()) {
                findingsByConnection.computeIfAbsent(id, k -> new ArrayList<>()).add(f.kind().key());
            }
        }
        Connections views = new Connections(connections, failed, lastTs, () -> new Iterator<>() {
            private final Iterator<HandshakeRecord> records = src.iterator();

            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public ConnectionView next() {
                HandshakeRecord r = records.next();
                ClientIdentity id = clientTable.identity(r, chains);
                return new ConnectionView(r, chains.refOf(r.id()), findingsByConnection.getOrDefault(r.id(), List.of()),
                        id.fingerprint(), id.family());
            }
        });
        Map<String, Long> stats = new LinkedHashMap<>(in.stats());
        // the caller's counters in its order; connections and tls_connections filled in when absent,
        // and the analysis adds its own drop counter (DESIGN §3: nothing dropped silently)
        stats.putIfAbsent("connections", connections);
        stats.putIfAbsent("tls_connections", tls);
        stats.put("sessions_evicted", sessions.evicted());
        return new Report(opts, in.inputs(), stats, views, chains.chains(), clients.clients(),
                breakdowns.byVersion(), breakdowns.byFamily(), servers.rows(), timeline.buckets(), findings, diagnosis,
                clients.other(), servers.other(), chains.unlisted(), chains.rootCauses());
    }
}
