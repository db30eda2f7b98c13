package io.tlsinspect.reports.findings;

import io.tlsinspect.reports.model.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs every detector, in {@link io.tlsinspect.reports.model.FindingKind} display order. */
public final class FindingEngine {
    private final List<FindingDetector> detectors = List.of(
            new ServerResetAfterHello(), new ServerUnresponsive(), new NoSharedCipher(),
            new ResumptionCipherMissing(), new ClientRejectedCertificate(), new FallbackScsvRejected(),
            new FallbackAfterFailure(), new DowngradeWithoutScsv(), new NotTlsOnTlsPort(), new ConnectionRefused(),
            new ServerProtocolTooOld(), new CertificateExpired(), new CertificateNameMismatch(),
            new CertificateUntrusted(), new ServerSpeaksSslv2(),
            new HeartbeatBeforeHandshake(), new StarttlsRefused(), new TlsNeverStarted(), new H3Fallback());

    /**
     * Each detector on its own thread, all of them served by shared passes over the records
     * ({@link SharedPasses}): about three reads of the spill file instead of one or two per detector.
     * The findings do not depend on the threads: each detector sees every record in time order, and
     * the list is sorted by kind. The first failure of a detector (or of reading) is thrown.
     */
    public List<Finding> run(FindingContext ctx) {
        SharedPasses passes = new SharedPasses(ctx.sorted(), detectors.size());
        FindingContext shared = new FindingContext(passes, ctx.chains(), ctx.sessionHits(), ctx.sessionHitCount(),
                ctx.kept(), ctx.proofCap(), ctx.family());
        List<Optional<Finding>> results = new ArrayList<>(java.util.Collections.nCopies(detectors.size(), Optional.empty()));
        Throwable[] errors = new Throwable[detectors.size()];
        Thread[] threads = new Thread[detectors.size()];
        for (int i = 0; i < threads.length; i++) {
            int at = i;
            FindingDetector d = detectors.get(i);
            threads[i] = new Thread(() -> {
                try {
                    results.set(at, d.detect(shared));
                } catch (Throwable t) {
                    errors[at] = t;
                } finally {
                    passes.done();
                }
            }, "tlsinspect-finding-" + d.kind().key());
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
        for (Optional<Finding> f : results) {
            f.ifPresent(out::add);
        }
        out.sort((a, b) -> a.kind().compareTo(b.kind()));
        return out;
    }
}
