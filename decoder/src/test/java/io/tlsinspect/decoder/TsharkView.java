package io.tlsinspect.decoder;

import java.util.ArrayList;
import java.util.List;

/**
 * tshark 4.0's view of a recorded connection ({@code transcripts/*.tshark}, written by record.sh):
 * one row per TLS packet, fields separated by '|', repeated values joined by ','.
 */
public record TsharkView(List<String[]> rows) {
    static final int CONTENT_TYPE = 0;
    static final int HS_TYPE = 1;
    static final int HS_VERSION = 2;
    static final int SUPPORTED_VERSION = 3;
    static final int CIPHERSUITE = 4;
    static final int SNI = 5;
    static final int ALPN = 6;
    static final int JA3_FULL = 7;
    static final int JA3 = 8;
    static final int JA3S_FULL = 9;
    static final int JA3S = 10;
    static final int ALERT_LEVEL = 11;
    static final int ALERT_DESC = 12;

    public static TsharkView load(String name) {
        List<String[]> rows = new ArrayList<>();
        for (String line : Transcript.resource("/transcripts/" + name + ".tshark").split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            rows.add(line.split("\\|", -1));
        }
        return new TsharkView(rows);
    }

    /** The first row whose handshake types include {@code type}. */
    public String[] firstHandshake(int type) {
        for (String[] r : rows) {
            for (String t : r[HS_TYPE].split(",")) {
                if (t.equals(Integer.toString(type))) {
                    return r;
                }
            }
        }
        return null;
    }

    /** Alert descriptions (numeric) in packet order. */
    public List<Integer> alertDescriptions() {
        List<Integer> out = new ArrayList<>();
        for (String[] r : rows) {
            if (r.length > ALERT_DESC && !r[ALERT_DESC].isEmpty()) {
                for (String d : r[ALERT_DESC].split(",")) {
                    out.add(Integer.parseInt(d));
                }
            }
        }
        return out;
    }

    public static List<Integer> hexList(String csv) {
        List<Integer> out = new ArrayList<>();
        if (!csv.isEmpty()) {
            for (String s : csv.split(",")) {
                out.add(Integer.parseInt(s.substring(2), 16));
            }
        }
        return out;
    }
}
