package io.tlsinspect.decoder.tls.handshake;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The two ASN.1 time types of a certificate's validity (RFC 5280 §4.1.2.5), read from their
 * characters without SimpleDateFormat: UTCTime {@code YYMMDDHHMM[SS](Z|+hhmm|-hhmm)}, where YY below
 * 50 is 20YY and otherwise 19YY (§4.1.2.5.1), and GeneralizedTime {@code YYYYMMDDHH[MM[SS[.f...]]]}
 * with {@code Z} or an offset (§4.1.2.5.2 requires {@code YYYYMMDDHHMMSSZ}; the rest is X.680's
 * leniency, as Bouncy Castle accepts it). A time without a zone is read as UTC. Fractions are kept to
 * the millisecond.
 */
final class X509Time {
    private X509Time() {
    }

    /** ISO-8601 in UTC, as {@link Instant#toString()} writes it. */
    static String iso(boolean utcTime, String s) {
        return parse(utcTime, s).toString();
    }

    static Instant parse(boolean utcTime, String s) {
        int p = 0;
        int year;
        if (utcTime) {
            int yy = digits(s, p, 2);
            year = yy < 50 ? 2000 + yy : 1900 + yy;
            p += 2;
        } else {
            year = digits(s, p, 4);
            p += 4;
        }
        int month = digits(s, p, 2);
        int day = digits(s, p + 2, 2);
        int hour = digits(s, p + 4, 2);
        p += 6;
        int minute = 0;
        int second = 0;
        int millis = 0;
        if (p < s.length() && isDigit(s.charAt(p))) {
            minute = digits(s, p, 2);
            p += 2;
            if (p < s.length() && isDigit(s.charAt(p))) {
                second = digits(s, p, 2);
                p += 2;
                if (!utcTime && p < s.length() && (s.charAt(p) == '.' || s.charAt(p) == ',')) {
                    p++;
                    int start = p;
                    while (p < s.length() && isDigit(s.charAt(p))) {
                        if (p - start < 3) {
                            millis = millis * 10 + (s.charAt(p) - '0');
                        }
                        p++;
                    }
                    if (p == start) {
                        throw bad(s);
                    }
                    for (int i = Math.min(p - start, 3); i < 3; i++) {
                        millis *= 10;
                    }
                }
            } else if (utcTime && p < s.length() && s.charAt(p) != 'Z' && s.charAt(p) != '+' && s.charAt(p) != '-') {
                throw bad(s);
            }
        }
        int offsetSeconds = 0;
        if (p < s.length()) {
            char z = s.charAt(p);
            if (z == 'Z') {
                p++;
            } else if (z == '+' || z == '-') {
                int hh = digits(s, p + 1, 2);
                boolean minutes = utcTime || p + 3 < s.length(); // UTCTime: always +hhmm
                int mm = minutes ? digits(s, p + 3, 2) : 0;
                p += minutes ? 5 : 3;
                offsetSeconds = (z == '+' ? 1 : -1) * (hh * 3600 + mm * 60);
            } else {
                throw bad(s);
            }
        }
        if (p != s.length()) {
            throw bad(s);
        }
        try {
            LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000);
            return t.toInstant(ZoneOffset.UTC).minusSeconds(offsetSeconds);
        } catch (java.time.DateTimeException e) {
            throw bad(s);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(String s, int at, int n) {
        if (at + n > s.length()) {
            throw bad(s);
        }
        int v = 0;
        for (int i = at; i < at + n; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                throw bad(s);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static IllegalArgumentException bad(String s) {
        return new IllegalArgumentException("invalid date string: " + s);
    }
}
