package io.tlsinspect.reports.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * JA4 -> client family ("Mozilla Firefox"), from a cited CSV resource (see ja4-families.csv for its
 * source). Unknown fingerprints have no family (null), never a guess.
 */
public final class FamilyCatalog {
    public static final String RESOURCE = "/io/tlsinspect/reports/clients/ja4-families.csv";

    private final Map<String, String> byJa4;

    public FamilyCatalog(Map<String, String> byJa4) {
        this.byJa4 = Map.copyOf(byJa4);
    }

    /** The catalog shipped with tlsinspect. */
    public static FamilyCatalog builtIn() {
        try (InputStream in = FamilyCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code ja4,family} rows; {@code #} starts a comment line. */
    public static FamilyCatalog read(Reader csv) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setCommentMarker('#').setHeader()
                .setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).get();
        Map<String, String> m = new HashMap<>();
        for (CSVRecord rec : format.parse(csv)) {
            m.putIfAbsent(rec.get("ja4"), rec.get("family"));
        }
        return new FamilyCatalog(m);
    }

    public String familyOf(String ja4) {
        return ja4 == null ? null : byJa4.get(ja4);
    }

    public int size() {
        return byJa4.size();
    }
}
