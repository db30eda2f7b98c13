package io.tlsinspect.decoder.fingerprint;

import java.util.ArrayList;
import java.util.List;

/**
 * The lists of one ClientHello as its parser reads them (wire order, GREASE included): everything
 * JA3 and JA4 are made of, and the other lists that one client program sends the same on every
 * connection. Reused: one per parsing thread, cleared for every hello.
 */
public final class HelloLists {
    public int legacyVersion;
    public final IntList supportedVersions = new IntList();
    public final IntList cipherSuites = new IntList();
    public final IntList extensions = new IntList();
    public final IntList groups = new IntList();
    public final IntList signatureAlgorithms = new IntList();
    public final IntList ecPointFormats = new IntList();
    public final IntList keyShareGroups = new IntList();
    /** Protocol names, each byte one ISO-8859-1 char. */
    public final List<String> alpn = new ArrayList<>();
    private final IntList[] lists = {supportedVersions, cipherSuites, extensions, groups, signatureAlgorithms,
        ecPointFormats, keyShareGroups};
    /** The key of these lists in {@link Fingerprints}' cache, built by {@link #key}. */
    final IntList key = new IntList();

    public void clear(int legacyVersion) {
        this.legacyVersion = legacyVersion;
        supportedVersions.clear();
        cipherSuites.clear();
        extensions.clear();
        groups.clear();
        signatureAlgorithms.clear();
        ecPointFormats.clear();
        keyShareGroups.clear();
        alpn.clear();
    }

    /** Everything above as one array of ints: the version, then each list as its length and values. */
    IntList key() {
        key.clear();
        key.add(legacyVersion);
        for (IntList l : lists) {
            key.add(l.size());
            for (int i = 0; i < l.size(); i++) {
                key.add(l.get(i));
            }
        }
        key.add(alpn.size());
        for (int j = 0; j < alpn.size(); j++) { // by index: an iterator per hello was garbage on the hot path
            String p = alpn.get(j);
            key.add(p.length());
            for (int i = 0; i < p.length(); i++) {
                key.add(p.charAt(i));
            }
        }
        return key;
    }
}
