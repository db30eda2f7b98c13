package io.tlsinspect.reports.findings;

import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.Optional;

/** One finding rule: which connections show it and the sentence that explains them. */
public sealed interface FindingDetector
        permits ServerResetAfterHello, ServerUnresponsive, NoSharedCipher, ResumptionCipherMissing,
        ClientRejectedCertificate, FallbackScsvRejected, FallbackAfterFailure, DowngradeWithoutScsv,
        NotTlsOnTlsPort, ConnectionRefused, ServerProtocolTooOld, CertificateExpired, CertificateNameMismatch,
        CertificateUntrusted, ServerSpeaksSslv2, HeartbeatBeforeHandshake,
        StarttlsRefused, TlsNeverStarted, H3Fallback {

    FindingKind kind();

    /** Empty when no connection shows the finding. */
    Optional<Finding> detect(FindingContext ctx);
}
