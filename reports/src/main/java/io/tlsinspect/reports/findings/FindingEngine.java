package io.tlsinspect.reports.findings;

import io.tlsinspect.reports.model.Finding;
import java.util.ArrayList;
import java.util.List;

/** Runs every detector, in {@link io.tlsinspect.reports.model.FindingKind} display order. */
public final class FindingEngine {
    private final List<FindingDetector> detectors = List.of(
            new ServerResetAfterHello(), new ServerUnresponsive(), new NoSharedCipher(),
            new ResumptionCipherMissing(), new ClientRejectedCertificate(), new FallbackScsvRejected(),
            new FallbackAfterFailure(), new DowngradeWithoutScsv(), new NotTlsOnTlsPort(), new ConnectionRefused(),
            new ServerProtocolTooOld(), new CertificateExpired(), new CertificateNameMismatch(),
            new CertificateUntrusted(), new ServerSpeaksSslv2(),
            new HeartbeatBeforeHandshake(), new StarttlsRefused(), new TlsNeverStarted(), new H3Fallback());

    public List<Finding> run(FindingContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (FindingDetector d : detectors) {
            d.detect(ctx).ifPresent(out::add);
        }
        out.sort((a, b) -> a.kind().compareTo(b.kind()));
        return out;
    }
}
