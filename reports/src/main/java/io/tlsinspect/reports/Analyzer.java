package io.tlsinspect.reports;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.chains.ChainBuilder;
import io.tlsinspect.reports.chains.ChainSet;
import io.tlsinspect.reports.clients.Breakdowns;
import io.tlsinspect.reports.clients.ClientIdentity;
import io.tlsinspect.reports.clients.ClientTable;
import io.tlsinspect.reports.clients.FailureTimeline;
import io.tlsinspect.reports.clients.FamilyCatalog;
import io.tlsinspect.reports.diagnosis.DiagnosisWriter;
import io.tlsinspect.reports.findings.FindingContext;
import io.tlsinspect.reports.findings.FindingEngine;
import io.tlsinspect.reports.model.AnalysisOptions;
import io.tlsinspect.reports.model.ConnectionView;
import io.tlsinspect.reports.model.Diagnosis;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.Report;
import io.tlsinspect.reports.model.ReportInput;
import io.tlsinspect.reports.sessions.SessionTracker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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

    public Report analyze(ReportInput in, AnalysisOptions opts) {
        List<HandshakeRecord> sorted = new ArrayList<>(in.records());
        sorted.sort(Comparator.comparingLong(HandshakeRecord::tsNanos).thenComparingLong(HandshakeRecord::id));

        ChainSet chains = new ChainBuilder(opts.retryWindow()).build(sorted);
        SessionTracker sessions = new SessionTracker(opts.sessionCacheCap());
        sorted.forEach(sessions::observe);

        ClientTable.Result clients = new ClientTable(catalog).build(sorted, chains);
        Map<Long, String> families = new HashMap<>();
        clients.identities().forEach((id, who) -> {
            if (who.family() != null) {
                families.put(id, who.family());
            }
        });
        FindingContext ctx = FindingContext.of(sorted, chains, sessions.hits(), families);
        List<Finding> findings = new FindingEngine().run(ctx);
        Diagnosis diagnosis = new DiagnosisWriter().write(ctx, findings);

        Map<Long, List<String>> findingsByConnection = new HashMap<>();
        for (Finding f : findings) {
            for (long id : f.connections()) {
                findingsByConnection.computeIfAbsent(id, k -> new ArrayList<>()).add(f.kind().key());
            }
        }
        List<ConnectionView> views = new ArrayList<>(sorted.size());
        for (HandshakeRecord r : sorted) {
            ClientIdentity id = clients.identities().get(r.id());
            views.add(new ConnectionView(r, chains.refOf(r.id()), findingsByConnection.getOrDefault(r.id(), List.of()),
                    id.fingerprint(), id.family()));
        }
        return new Report(opts, in.inputs(), stats(in, sorted, sessions), views, chains.chains(), clients.clients(),
                Breakdowns.byVersion(sorted), Breakdowns.byFamily(sorted, clients.identities()),
                Breakdowns.byServer(sorted), FailureTimeline.of(sorted), findings, diagnosis);
    }

    /**
     * The caller's counters in its order; {@code connections} and {@code tls_connections} are filled
     * in when absent, and the analysis adds its own drop counter (DESIGN §3: nothing dropped silently).
     */
    private static Map<String, Long> stats(ReportInput in, List<HandshakeRecord> sorted, SessionTracker sessions) {
        Map<String, Long> s = new LinkedHashMap<>(in.stats());
        s.putIfAbsent("connections", (long) sorted.size());
        s.putIfAbsent("tls_connections", sorted.stream().filter(r -> r.clientHello() != null).count());
        s.put("sessions_evicted", sessions.evicted());
        return s;
    }
}
