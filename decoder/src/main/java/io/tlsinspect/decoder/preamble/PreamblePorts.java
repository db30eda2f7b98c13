package io.tlsinspect.decoder.preamble;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registered ports of the protocols whose preamble the decoder follows (IANA service names), for
 * {@code --starttls}. The decoder itself recognises a preamble by content on any monitored port.
 */
public final class PreamblePorts {
    private PreamblePorts() {
    }

    /** Protocol -> its usual server ports. */
    public static final Map<String, Set<Integer>> BY_PROTOCOL = byProtocol();

    private static Map<String, Set<Integer>> byProtocol() {
        Map<String, Set<Integer>> m = new LinkedHashMap<>();
        m.put("ftp", Set.of(21));
        m.put("smtp", Set.of(25, 587));
        m.put("pop3", Set.of(110));
        m.put("imap", Set.of(143));
        m.put("ldap", Set.of(389));
        m.put("socks", Set.of(1080));
        m.put("mysql", Set.of(3306));
        m.put("http-connect", Set.of(3128, 8080));
        m.put("rdp", Set.of(3389));
        m.put("xmpp", Set.of(5222, 5269));
        m.put("postgres", Set.of(5432));
        m.put("irc", Set.of(6667));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Every port above, sorted. */
    public static Set<Integer> all() {
        Set<Integer> all = new TreeSet<>();
        BY_PROTOCOL.values().forEach(all::addAll);
        return all;
    }
}
