package io.tlsinspect.reports.render;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Epoch nanoseconds to the forms the renderers print; always UTC. */
final class Timestamps {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** ISO-8601 UTC, e.g. 2015-01-31T03:24:33.123456Z (DESIGN §6 {@code ts}). */
    static String iso(long nanos) {
        return instant(nanos).toString();
    }

    static String clock(long nanos) {
        return CLOCK.format(instant(nanos));
    }

    /** A bucket width in words: "1 s", "5 min", "1 h". */
    static String span(long nanos) {
        long s = nanos / 1_000_000_000L;
        return s % 3600 == 0 ? s / 3600 + " h" : s % 60 == 0 ? s / 60 + " min" : s + " s";
    }

    /** A bar's start: to the second when bars are shorter than a minute. */
    static String barStart(long nanos, long widthNanos) {
        return widthNanos < 60_000_000_000L ? SECOND.format(instant(nanos)) : MINUTE.format(instant(nanos));
    }

    static String minute(long nanos) {
        return MINUTE.format(instant(nanos));
    }
}
