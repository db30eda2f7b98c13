package io.tlsinspect.reports.render;

import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.findings.CertificateEvidence;
import io.tlsinspect.reports.findings.Dn;
import io.tlsinspect.reports.model.ConnectionView;
import io.tlsinspect.reports.model.Report;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The certificates servers sent, one row per server address, port and name (SNI), for the text and
 * HTML reports: the leaf certificate seen on that server's TLS <= 1.2 connections (TLS 1.3 encrypts
 * it), and the certificate findings its connections carry, so the report shows which certificate
 * caused failures. Servers with certificate findings but no certificate seen get a row saying so.
 */
final class CertificateRows {
    static final Set<String> CERTIFICATE_FINDINGS = Set.of("certificate_expired", "certificate_name_mismatch",
            "certificate_untrusted", "client_rejected_certificate");

    /** @param certificate null when never seen; @param failures certificate finding -> connections */
    record Row(String address, String name, CertificateInfo certificate, Map<String, Integer> failures) {
        String subject() {
            return Dn.rfc4514(certificate.subject());
        }

        String names() {
            return String.join(", ", CertificateEvidence.dnsNames(certificate));
        }

        String issuer() {
            return certificate.selfSigned() ? Dn.rfc4514(certificate.issuer()) + " (self-signed)" : Dn.rfc4514(certificate.issuer());
        }

        String validity() {
            return certificate.notBefore() + " to " + certificate.notAfter();
        }

        String key() {
            return certificate.keyType() + (certificate.keyBits() > 0 ? " " + certificate.keyBits() + " bits" : "");
        }

        /** "certificate_expired x10", or "" when the certificate caused no failure. */
        String failuresText() {
            List<String> parts = new ArrayList<>();
            failures.forEach((k, n) -> parts.add(k + " x" + n));
            return String.join(", ", parts);
        }

        String marks() {
            return failures.isEmpty() ? "" : "caused failures: " + failuresText();
        }
    }

    private CertificateRows() {
    }

    static List<Row> of(Report r) {
        Map<String, CertificateInfo> certs = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> failures = new LinkedHashMap<>();
        Map<String, String[]> where = new LinkedHashMap<>();
        for (ConnectionView v : r.connections()) {
            HandshakeRecord c = v.record();
            String sni = c.serverName() == null ? "" : c.serverName();
            String addr = c.server().ip().indexOf(':') >= 0 ? "[" + c.server().ip() + "]:" + c.server().port()
                    : c.server().ip() + ":" + c.server().port();
            String key = addr + '\u0000' + sni.toLowerCase(Locale.ROOT);
            if (c.certificate() != null) {
                certs.putIfAbsent(key, c.certificate());
                where.putIfAbsent(key, new String[] {addr, sni});
            }
            for (String f : v.findings()) {
                if (CERTIFICATE_FINDINGS.contains(f)) {
                    failures.computeIfAbsent(key, k -> new TreeMap<>()).merge(f, 1, Integer::sum);
                    where.putIfAbsent(key, new String[] {addr, sni});
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        where.forEach((key, w) -> rows.add(new Row(w[0], w[1], certs.get(key), failures.getOrDefault(key, Map.of()))));
        return rows;
    }
}
