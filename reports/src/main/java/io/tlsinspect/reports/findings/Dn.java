package io.tlsinspect.reports.findings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Distinguished names as an operator reads them. The decoder writes them in the certificate's
 * encoding order ({@code C=ZZ,O=Org,CN=host}); RFC 4514 §2.1 (and openssl's {@code -nameopt RFC2253})
 * writes the last RDN first ({@code CN=host,O=Org,C=ZZ}), as here.
 */
public final class Dn {
    private Dn() {
    }

    /** The RDNs split at unescaped commas (RFC 4514 §2.4 escapes a comma in a value with a backslash). */
    static List<String> parts(String dn) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < dn.length(); i++) {
            char ch = dn.charAt(i);
            if (ch == '\\' && i + 1 < dn.length()) {
                cur.append(ch).append(dn.charAt(++i));
            } else if (ch == ',') {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString().trim());
        return out;
    }

    /** {@code C=ZZ,O=Org,CN=host} -> {@code CN=host,O=Org,C=ZZ}; null stays null. */
    public static String rfc4514(String dn) {
        if (dn == null) {
            return null;
        }
        List<String> p = parts(dn);
        Collections.reverse(p);
        return String.join(",", p);
    }
}
