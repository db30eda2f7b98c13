package io.tlsinspect.decoder.tls.handshake;

import io.tlsinspect.decoder.cache.NameCache;
import io.tlsinspect.decoder.fingerprint.ClientHelloShape;
import io.tlsinspect.decoder.fingerprint.Fingerprints;
import io.tlsinspect.decoder.fingerprint.HelloLists;
import io.tlsinspect.decoder.fingerprint.IntList;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.tls.Bytes;
import io.tlsinspect.decoder.tls.Grease;
import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.HandshakeType;

/**
 * ClientHello body (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2), read in place. Fails closed: the first
 * field that breaks its length rules makes the whole message {@link HandshakeMessage.Malformed}.
 * The lists are read into reused int arrays; the immutable lists and fingerprints the result holds
 * come from {@link Fingerprints#clientShape}, made once per distinct hello.
 */
public final class ClientHelloParser {
    private ClientHelloParser() {
    }

    /** One per parsing thread: the hello's lists, and which extension types were seen. */
    private static final ThreadLocal<Extensions> SCRATCH = ThreadLocal.withInitial(Extensions::new);

    public static HandshakeMessage parse(byte[] b, int off, int len, int recordVersion) {
        try {
            return new HandshakeMessage.ClientHello(read(b, off, len, recordVersion), true); // see read's end
        } catch (Reader.Malformed e) {
            return new HandshakeMessage.Malformed(HandshakeType.client_hello, "ClientHello: " + e.getMessage());
        }
    }

    private static ClientHelloInfo read(byte[] b, int off, int len, int recordVersion) throws Reader.Malformed {
        Reader r = new Reader(b, off, len);
        int legacyVersion = r.u16("legacy_version");
        Extensions x = SCRATCH.get();
        x.clear(legacyVersion);
        try {
            return read(r, x, recordVersion);
        } finally {
            x.forgetTypes();
        }
    }

    private static ClientHelloInfo read(Reader r, Extensions x, int recordVersion) throws Reader.Malformed {
        byte[] b = r.b;
        r.skip(32, "random");
        // RFC 8446 §4.1.2: opaque legacy_session_id<0..32>.
        int sidEnd = r.vector(1, 0, 32, "legacy_session_id");
        String sessionId = Bytes.hex(b, r.pos, sidEnd - r.pos);
        r.pos = sidEnd;
        // RFC 8446 §4.1.2: CipherSuite cipher_suites<2..2^16-2>, two bytes each.
        int csEnd = r.vector(2, 2, 0xfffe, "cipher_suites");
        if (((csEnd - r.pos) & 1) != 0) {
            throw new Reader.Malformed("cipher_suites: odd length");
        }
        IntList suites = x.lists.cipherSuites;
        boolean fallback = false;
        boolean reneg = false;
        while (r.pos < csEnd) {
            int s = r.u16("cipher_suite");
            suites.add(s);
            // RFC 7507 §6 and RFC 5746 §3.3: the two signalling suites, by Bouncy Castle's registry.
            fallback |= s == CipherSuite.TLS_FALLBACK_SCSV;
            reneg |= s == CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV;
        }
        // RFC 8446 §4.1.2: opaque legacy_compression_methods<1..2^8-1>.
        r.pos = r.vector(1, 1, 0xff, "legacy_compression_methods");

        // RFC 5246 §7.4.1.2: extensions may be absent (nothing follows the compression methods).
        if (r.remaining() > 0) {
            // RFC 8446 §4.1.2: Extension extensions<8..2^16-1> (RFC 5246 allows <0..2^16-1>).
            int extEnd = r.vector(2, 0, 0xffff, "extensions");
            while (r.pos < extEnd) {
                int type = r.u16("extension_type");
                int dataEnd = r.vector(2, 0, 0xffff, "extension_data");
                if (!x.firstOf(type)) {
                    // RFC 8446 §4.2: no more than one extension of the same type.
                    throw new Reader.Malformed("duplicate extension " + type);
                }
                if (x.pskSeen) {
                    // RFC 8446 §4.2.11: pre_shared_key MUST be the last extension.
                    throw new Reader.Malformed("pre_shared_key is not the last extension");
                }
                x.read(type, r, dataEnd);
                r.expectExtensionEnd(dataEnd, type);
            }
            r.expectAt(extEnd, "extensions");
        }
        r.expectAt(r.limit, "ClientHello");
        int legacyVersion = x.lists.legacyVersion;
        int maxVersion = -1;
        IntList versions = x.lists.supportedVersions;
        for (int i = 0; i < versions.size(); i++) {
            int v = versions.get(i);
            if (!Grease.is(v) && v > maxVersion) {
                maxVersion = v;
            }
        }
        if (maxVersion < 0) {
            maxVersion = legacyVersion;
        }
        ClientHelloShape shape = Fingerprints.clientShape(x.lists);
        return new ClientHelloInfo(recordVersion, legacyVersion, shape.supportedVersions(), maxVersion, false,
                shape.cipherSuites(), fallback, reneg, sessionId, x.ticket, x.pskSeen, x.sni, shape.alpn(),
                shape.groups(), shape.signatureAlgorithms(), shape.extensions(), shape.ecPointFormats(),
                shape.keyShareGroups(), shape.ja3(), shape.ja3Hash(), shape.ja4());
    }

    /** Extension contents the model keeps, read into reused lists; the per-connection values beside them. */
    private static final class Extensions {
        final HelloLists lists = new HelloLists();
        final IntList types = lists.extensions;
        final IntList versions = lists.supportedVersions;
        final IntList groups = lists.groups;
        final IntList sigAlgs = lists.signatureAlgorithms;
        final IntList pointFormats = lists.ecPointFormats;
        final IntList keyShares = lists.keyShareGroups;
        final List<String> alpn = lists.alpn;
        /** Extension types seen in this hello, one bit each: a duplicate is found in O(1). */
        private final long[] seen = new long[1024];
        /** This thread's server names and ALPN protocols, one String per distinct name. */
        private final NameCache names = new NameCache();
        String sni;
        boolean ticket;
        boolean pskSeen;

        void clear(int legacyVersion) {
            lists.clear(legacyVersion);
            sni = null;
            ticket = false;
            pskSeen = false;
        }

        /** Records the type; false if it was seen before in this hello. */
        boolean firstOf(int type) {
            long bit = 1L << (type & 63);
            if ((seen[type >>> 6] & bit) != 0) {
                return false;
            }
            seen[type >>> 6] |= bit;
            types.add(type);
            return true;
        }

        /** Clears the bits this hello set (only those: cheaper than clearing all 65,536). */
        void forgetTypes() {
            for (int i = 0; i < types.size(); i++) {
                seen[types.get(i) >>> 6] = 0;
            }
        }

        void read(int type, Reader r, int end) throws Reader.Malformed {
            switch (type) {
                case ExtensionType.server_name -> serverName(r, end);
                case ExtensionType.application_layer_protocol_negotiation -> alpn(r);
                case ExtensionType.supported_groups -> u16List(r, 2, groups, "supported_groups");
                case ExtensionType.signature_algorithms -> u16List(r, 2, sigAlgs, "signature_algorithms");
                case ExtensionType.ec_point_formats -> {
                    // RFC 8422 §5.1.2: ECPointFormat ec_point_format_list<1..2^8-1>.
                    int e = r.vector(1, 1, 0xff, "ec_point_formats");
                    while (r.pos < e) {
                        pointFormats.add(r.u8("ec_point_format"));
                    }
                }
                case ExtensionType.supported_versions -> {
                    // RFC 8446 §4.2.1: ProtocolVersion versions<2..254> in a ClientHello.
                    int e = r.vector(1, 2, 254, "supported_versions");
                    if (((e - r.pos) & 1) != 0) {
                        throw new Reader.Malformed("supported_versions: odd length");
                    }
                    while (r.pos < e) {
                        versions.add(r.u16("supported_version"));
                    }
                }
                case ExtensionType.key_share -> {
                    // RFC 8446 §4.2.8: KeyShareEntry client_shares<0..2^16-1>;
                    // entry = NamedGroup group + opaque key_exchange<1..2^16-1>.
                    int e = r.vector(2, 0, 0xffff, "client_shares");
                    while (r.pos < e) {
                        keyShares.add(r.u16("key_share group"));
                        r.pos = r.vector(2, 1, 0xffff, "key_exchange");
                    }
                    r.expectAt(e, "client_shares");
                }
                // RFC 5077 §3.2: an empty SessionTicket extension asks for a ticket; a non-empty one
                // presents a ticket (resumption attempt).
                case ExtensionType.session_ticket -> {
                    ticket = end > r.pos;
                    r.pos = end;
                }
                case ExtensionType.pre_shared_key -> {
                    pskSeen = true;
                    r.pos = end;
                }
                default -> r.pos = end;
            }
        }

        private void serverName(Reader r, int end) throws Reader.Malformed {
            // RFC 6066 §3: ServerName server_name_list<1..2^16-1>; name_type(1) + HostName<1..2^16-1>.
            // An empty extension_data is legal only in a ServerHello, but some clients send it.
            if (r.pos == end) {
                return;
            }
            int e = r.vector(2, 1, 0xffff, "server_name_list");
            while (r.pos < e) {
                int nameType = r.u8("name_type");
                int nEnd = r.vector(2, 1, 0xffff, "host_name");
                if (nameType == 0 && sni == null) {
                    sni = names.of(r.b, r.pos, nEnd - r.pos);
                }
                r.pos = nEnd;
            }
            r.expectAt(e, "server_name_list");
        }

        private void alpn(Reader r) throws Reader.Malformed {
            // RFC 7301 §3.1: ProtocolName protocol_name_list<2..2^16-1>; ProtocolName<1..2^8-1>.
            int e = r.vector(2, 2, 0xffff, "protocol_name_list");
            while (r.pos < e) {
                int pEnd = r.vector(1, 1, 0xff, "protocol_name");
                // ISO-8859-1 keeps each byte as one char (JA4 looks at bytes).
                alpn.add(names.of(r.b, r.pos, pEnd - r.pos));
                r.pos = pEnd;
            }
            r.expectAt(e, "protocol_name_list");
        }

        private static void u16List(Reader r, int floor, IntList out, String what) throws Reader.Malformed {
            // RFC 8446 §4.2.7 / §4.2.3: NamedGroup / SignatureScheme lists <2..2^16-1>, two bytes each.
            int e = r.vector(2, floor, 0xffff, what);
            if (((e - r.pos) & 1) != 0) {
                throw new Reader.Malformed(what + ": odd length");
            }
            while (r.pos < e) {
                out.add(r.u16(what));
            }
        }
    }
}
