package io.tlsinspect.reports.render;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Epoch nanoseconds to the forms the renderers print; always UTC. */
final class Timestamps {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
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

    static String minute(long nanos) {
        return MINUTE.format(instant(nanos));
    }
}
