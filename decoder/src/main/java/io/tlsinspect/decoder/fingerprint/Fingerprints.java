package io.tlsinspect.decoder.fingerprint;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.ServerHelloInfo;

/** Fills the fingerprint fields of parsed hellos. */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static ClientHelloInfo withFingerprints(ClientHelloInfo c) {
        String ja3 = Ja3.ja3String(c.legacyVersion(), c.cipherSuites(), c.extensions(), c.groups(),
                c.ecPointFormats());
        return new ClientHelloInfo(c.recordVersion(), c.legacyVersion(), c.supportedVersions(), c.maxVersion(),
                c.sslv2Format(), c.cipherSuites(), c.fallbackScsv(), c.renegotiationScsv(), c.sessionId(),
                c.sessionTicket(), c.psk(), c.sni(), c.alpn(), c.groups(), c.signatureAlgorithms(),
                c.extensions(), c.ecPointFormats(), c.keyShareGroups(), ja3, Ja3.hash(ja3), Ja4.of(c));
    }

    public static ServerHelloInfo withFingerprints(ServerHelloInfo s) {
        String ja3s = Ja3.ja3sString(s.legacyVersion(), s.cipher(), s.extensions());
        return new ServerHelloInfo(s.version(), s.legacyVersion(), s.cipher(), s.sessionId(), s.compression(),
                s.extensions(), s.helloRetryRequest(), s.alpn(), s.keyShareGroup(), ja3s, Ja3.hash(ja3s));
    }
}
