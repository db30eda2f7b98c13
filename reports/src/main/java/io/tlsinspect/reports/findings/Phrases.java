package io.tlsinspect.reports.findings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small helpers that keep findings and the diagnosis in the same plain English. */
public final class Phrases {
    /** How many names a sentence lists before "and N more". */
    public static final int MAX_NAMES = 3;

    private Phrases() {
    }

    /** "1 connection", "3 connections". */
    public static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : plural(noun));
    }

    /** "1 suite family", "3 suite families", with the plural given. */
    public static String count(long n, String noun, String plural) {
        return n + " " + (n == 1 ? noun : plural);
    }

    private static String plural(String noun) {
        if (noun.endsWith("s") || noun.endsWith("x")) {
            return noun + "es";
        }
        if (noun.endsWith("y") && !noun.endsWith("ey")) {
            return noun.substring(0, noun.length() - 1) + "ies";
        }
        return noun + "s";
    }

    /** Distinct names in first-seen order: "a", "a and b", "a, b, c and 2 more". */
    public static String names(Collection<String> values) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(values));
        if (distinct.isEmpty()) {
            return "none";
        }
        if (distinct.size() > MAX_NAMES) {
            List<String> shown = distinct.subList(0, MAX_NAMES);
            return String.join(", ", shown) + " and " + (distinct.size() - MAX_NAMES) + " more";
        }
        if (distinct.size() == 1) {
            return distinct.get(0);
        }
        return String.join(", ", distinct.subList(0, distinct.size() - 1)) + " and " + distinct.get(distinct.size() - 1);
    }

    /** Counts by written form, most frequent first: "server_reset x3, no_server_response x1". */
    public static String tally(Collection<?> keys) {
        Map<String, Long> counts = new TreeMap<>();
        for (Object k : keys) {
            counts.merge(k.toString(), 1L, Long::sum);
        }
        return tallyCounts(counts);
    }

    /** {@link #tally} of counts already made: written form -> count. */
    public static String tallyCounts(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Comparator.comparingLong((Map.Entry<String, Long> e) -> -e.getValue()).thenComparing(Map.Entry::getKey));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : entries) {
            parts.add(e.getKey() + " x" + e.getValue());
        }
        return String.join(", ", parts);
    }

    /**
     * "2 clients (198.51.100.10 and 198.51.100.11)": clients are addresses, counted distinct, never
     * connections (a browser opens several).
     */
    public static String clients(Collection<String> ips) {
        long n = new LinkedHashSet<>(ips).size();
        return count(n, "client") + " (" + names(ips) + ")";
    }

    /** "was"/"were" to agree with a count. */
    public static String was(long n) {
        return n == 1 ? "was" : "were";
    }
}
