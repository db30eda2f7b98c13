package io.tlsinspect.decoder;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Hand-built TLS bytes for tests (layouts from RFC 8446 §4 and RFC 5246 §7.4). */
public final class TlsBytes {
    private TlsBytes() {
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static byte[] u8(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    public static byte[] u16s(int... v) {
        byte[] b = new byte[v.length * 2];
        for (int i = 0; i < v.length; i++) {
            b[2 * i] = (byte) (v[i] >>> 8);
            b[2 * i + 1] = (byte) v[i];
        }
        return b;
    }

    public static byte[] vec8(byte[] body) {
        return concat(u8(body.length), body);
    }

    public static byte[] vec16(byte[] body) {
        return concat(u16s(body.length), body);
    }

    public static byte[] vec24(byte[] body) {
        return concat(u8(body.length >>> 16, body.length >>> 8, body.length), body);
    }

    public static byte[] record(int type, int version, byte[] fragment) {
        return concat(u8(type), u16s(version), vec16(fragment));
    }

    public static byte[] handshake(int type, byte[] body) {
        return concat(u8(type), vec24(body));
    }

    public static byte[] ext(int type, byte[] data) {
        return concat(u16s(type), vec16(data));
    }

    public static byte[] sni(String host) {
        byte[] name = host.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return ext(0, vec16(concat(u8(0), vec16(name))));
    }

    public static byte[] alpn(String... protocols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : protocols) {
            out.writeBytes(vec8(p.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        }
        return ext(16, vec16(out.toByteArray()));
    }

    public static byte[] zeros(int n) {
        return new byte[n];
    }

    /** A ClientHello body (RFC 8446 §4.1.2) with the given pieces. */
    public static final class ClientHello {
        int version = 0x0303;
        byte[] sessionId = new byte[0];
        int[] suites = {0xc02f};
        List<byte[]> extensions = new ArrayList<>();
        boolean noExtensionsBlock;

        public ClientHello version(int v) {
            version = v;
            return this;
        }

        public ClientHello sessionId(byte[] id) {
            sessionId = id;
            return this;
        }

        public ClientHello suites(int... s) {
            suites = s;
            return this;
        }

        public ClientHello ext(byte[] e) {
            extensions.add(e);
            return this;
        }

        public ClientHello noExtensions() {
            noExtensionsBlock = true;
            return this;
        }

        public byte[] body() {
            byte[] exts = concat(extensions.toArray(new byte[0][]));
            return concat(u16s(version), zeros(32), vec8(sessionId), vec16(u16s(suites)), vec8(u8(0)),
                    noExtensionsBlock ? new byte[0] : vec16(exts));
        }

        public byte[] message() {
            return handshake(1, body());
        }

        public byte[] record() {
            return TlsBytes.record(22, 0x0301, message());
        }
    }

    /** A ServerHello body (RFC 8446 §4.1.3). */
    public static byte[] serverHello(int version, byte[] random, byte[] sessionId, int suite, byte[]... exts) {
        return handshake(2, concat(u16s(version), random, vec8(sessionId), u16s(suite), u8(0),
                vec16(concat(exts))));
    }

    public static byte[] serverHello12(int suite) {
        return handshake(2, concat(u16s(0x0303), zeros(32), vec8(new byte[0]), u16s(suite), u8(0)));
    }

    public static byte[] alert(int level, int description) {
        return record(21, 0x0303, u8(level, description));
    }

    public static byte[] ccs() {
        return record(20, 0x0303, u8(1));
    }

    /** An encrypted record of the given type and length (content is noise). */
    public static byte[] opaque(int type, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return record(type, 0x0303, b);
    }
}
