package io.tlsinspect.decoder.tls.handshake;

import io.tlsinspect.decoder.cache.NameCache;
import io.tlsinspect.decoder.fingerprint.Fingerprints;
import io.tlsinspect.decoder.fingerprint.IntList;
import io.tlsinspect.decoder.fingerprint.ServerHelloShape;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.decoder.tls.Bytes;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.HandshakeType;

/** ServerHello and HelloRetryRequest (RFC 8446 §4.1.3, §4.1.4; RFC 5246 §7.4.1.3), read in place. */
public final class ServerHelloParser {
    /** RFC 8446 §4.1.3: a HelloRetryRequest is a ServerHello whose random is SHA-256("HelloRetryRequest"). */
    static final byte[] HRR_RANDOM = Bytes.fromHex(
            "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");
    /** RFC 8446 §4.1.3: "DOWNGRD" + 0x01 (TLS 1.2 negotiated) or 0x00 (TLS 1.1 or below). */
    private static final byte[] DOWNGRADE_PREFIX = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44};

    /** One per parsing thread: the extension types of the hello being read. */
    private static final ThreadLocal<IntList> TYPES = ThreadLocal.withInitial(IntList::new);
    /** The negotiated ALPN protocol, one String per distinct name on this thread. */
    private static final ThreadLocal<NameCache> NAMES = ThreadLocal.withInitial(NameCache::new);

    private ServerHelloParser() {
    }

    public static HandshakeMessage parse(byte[] b, int off, int len) {
        return parse(b, off, len, null);
    }

    /**
     * @param clientSessionId the hex session ID of the ClientHello this answers, or null: a server that
     *     echoes it (every TLS 1.3 server, RFC 8446 §4.1.3) gets that string, not a second copy (issue 9)
     */
    public static HandshakeMessage parse(byte[] b, int off, int len, String clientSessionId) {
        try {
            return read(b, off, len, clientSessionId);
        } catch (Reader.Malformed e) {
            return new HandshakeMessage.Malformed(HandshakeType.server_hello, "ServerHello: " + e.getMessage());
        }
    }

    private static HandshakeMessage read(byte[] b, int off, int len, String clientSessionId) throws Reader.Malformed {
        Reader r = new Reader(b, off, len);
        int legacyVersion = r.u16("legacy_version");
        r.need(32, "random");
        boolean hrr = equalsAt(b, r.pos, HRR_RANDOM, 32);
        boolean downgrade = equalsAt(b, r.pos + 24, DOWNGRADE_PREFIX, 7) && (b[r.pos + 31] & 0xfe) == 0;
        r.pos += 32;
        String sessionId = "";
        int compression = 0;
        int cipher;
        if (TlsVersion.isTls13Draft(legacyVersion) && (legacyVersion & 0xff) < 22) {
            // draft-ietf-tls-tls13-14 .. -21 §4.1.3: version, random, cipher_suite, extensions; no session
            // ID and no compression (draft 22 brought both back for middlebox compatibility).
            cipher = r.u16("cipher_suite");
        } else {
            // RFC 8446 §4.1.3: legacy_session_id_echo<0..32>.
            int sidEnd = r.vector(1, 0, 32, "legacy_session_id_echo");
            sessionId = Bytes.isHexOf(clientSessionId, b, r.pos, sidEnd - r.pos) ? clientSessionId
                    : Bytes.hex(b, r.pos, sidEnd - r.pos);
            r.pos = sidEnd;
            cipher = r.u16("cipher_suite");
            compression = r.u8("legacy_compression_method");
        }
        IntList types = TYPES.get();
        types.clear();
        int selectedVersion = -1;
        Integer keyShareGroup = null;
        String alpn = null;
        boolean psk = false;
        if (r.remaining() > 0) {
            int extEnd = r.vector(2, 0, 0xffff, "extensions");
            while (r.pos < extEnd) {
                int type = r.u16("extension_type");
                int dataEnd = r.vector(2, 0, 0xffff, "extension_data");
                if (types.contains(type)) {
                    // RFC 8446 §4.2: no more than one extension of the same type.
                    throw new Reader.Malformed("duplicate extension " + type);
                }
                types.add(type);
                switch (type) {
                    // RFC 8446 §4.2.1: ServerHello carries one ProtocolVersion selected_version.
                    case ExtensionType.supported_versions -> selectedVersion = r.u16("selected_version");
                    case ExtensionType.key_share -> {
                        // RFC 8446 §4.2.8: HRR carries NamedGroup selected_group; a ServerHello a
                        // KeyShareEntry (group + key_exchange<1..2^16-1>).
                        keyShareGroup = r.u16("key_share group");
                        r.pos = hrr ? r.pos : r.vector(2, 1, 0xffff, "key_exchange");
                    }
                    case ExtensionType.application_layer_protocol_negotiation -> {
                        // RFC 7301 §3.1: exactly one ProtocolName in the server's list.
                        int e = r.vector(2, 2, 0xffff, "protocol_name_list");
                        int pEnd = r.vector(1, 1, 0xff, "protocol_name");
                        alpn = NAMES.get().of(b, r.pos, pEnd - r.pos);
                        r.pos = pEnd;
                        r.expectAt(e, "protocol_name_list");
                    }
                    case ExtensionType.pre_shared_key -> {
                        // RFC 8446 §4.2.11: uint16 selected_identity.
                        r.u16("selected_identity");
                        psk = true;
                    }
                    default -> r.pos = dataEnd;
                }
                r.expectExtensionEnd(dataEnd, type);
            }
            r.expectAt(extEnd, "extensions");
        }
        r.expectAt(r.limit, "ServerHello");
        // RFC 8446 §4.2.1: if supported_versions is present the version is its selected_version.
        int version = selectedVersion >= 0 ? selectedVersion : legacyVersion;
        ServerHelloShape shape = Fingerprints.serverShape(legacyVersion, cipher, types); // JA3S once per shape
        ServerHelloInfo info = new ServerHelloInfo(version, legacyVersion, cipher, sessionId, compression,
                shape.extensions(), hrr, alpn, keyShareGroup, shape.ja3s(), shape.ja3sHash());
        return new HandshakeMessage.ServerHello(info, psk, downgrade);
    }

    private static boolean equalsAt(byte[] b, int off, byte[] want, int n) {
        for (int i = 0; i < n; i++) {
            if (b[off + i] != want[i]) {
                return false;
            }
        }
        return true;
    }
}
