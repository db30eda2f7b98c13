package io.tlsinspect.reports.findings;

import io.tlsinspect.reports.model.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs every detector, in {@link io.tlsinspect.reports.model.FindingKind} display order. */
public final class FindingEngine {
    /**
     * The detectors, each list one party of the shared passes (one thread). The four certificate
     * findings share one party: they read one evaluation of the certificate rule
     * ({@link CertificateEvidence#of}), made by the first of them and only read by the others.
     */
    private final List<List<FindingDetector>> parties = List.of(
            List.of(new ServerResetAfterHello()), List.of(new ServerUnresponsive()), List.of(new NoSharedCipher()),
            List.of(new ResumptionCipherMissing()),
            List.of(new ClientRejectedCertificate(), new CertificateExpired(), new CertificateNameMismatch(),
                    new CertificateUntrusted()),
            List.of(new FallbackScsvRejected()), List.of(new FallbackAfterFailure()), List.of(new DowngradeWithoutScsv()),
            List.of(new NotTlsOnTlsPort()), List.of(new ConnectionRefused()), List.of(new ServerProtocolTooOld()),
            List.of(new ServerSpeaksSslv2()), List.of(new HeartbeatBeforeHandshake()), List.of(new StarttlsRefused()),
            List.of(new TlsNeverStarted()), List.of(new H3Fallback()));

    /**
     * Each party on its own thread, all of them served by shared passes over the records
     * ({@link SharedPasses}): one read of the spill file for all of them (a second only when
     * fallback_scsv_rejected's proof list was cut), instead of one or two per detector.
     * The findings do not depend on the threads: each detector sees every record in time order, and
     * the list is sorted by kind. The first failure of a detector (or of reading) is thrown.
     */
    public List<Finding> run(FindingContext ctx) {
        SharedPasses passes = new SharedPasses(ctx.sorted(), parties.size());
        FindingContext shared = new FindingContext(passes, ctx.chains(), ctx.sessionHits(), ctx.sessionHitCount(),
                ctx.kept(), ctx.proofCap(), ctx.family(), ctx.certificates(), ctx.servers(), ctx.proofOutcomes());
        List<List<Optional<Finding>>> results = new ArrayList<>(java.util.Collections.nCopies(parties.size(), List.of()));
        Throwable[] errors = new Throwable[parties.size()];
        Thread[] threads = new Thread[parties.size()];
        for (int i = 0; i < threads.length; i++) {
            int at = i;
            List<FindingDetector> party = parties.get(i);
            threads[i] = new Thread(() -> {
                try {
                    List<Optional<Finding>> found = new ArrayList<>();
                    for (FindingDetector d : party) {
                        found.add(d.detect(shared));
                    }
                    results.set(at, found);
                } catch (Throwable t) {
                    errors[at] = t;
                } finally {
                    passes.done();
                }
            }, "tlsinspect-finding-" + (party.size() == 1 ? party.get(0).kind().key() : "certificates"));
            threads[i].setDaemon(true);
            threads[i].start();
        }
        try {
            passes.serve();
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking for findings", e);
        }
        for (Throwable t : errors) {
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (List<Optional<Finding>> found : results) {
            found.forEach(f -> f.ifPresent(out::add));
        }
        out.sort((a, b) -> a.kind().compareTo(b.kind()));
        return out;
    }
}
