package io.tlsinspect.decoder.tls.handshake;

/**
 * The key-exchange group of a TLS <= 1.2 ServerKeyExchange. Its layout depends on the suite's key
 * exchange, which only the ServerHello tells: ECDHE (RFC 8422 §5.4: ECParameters = curve_type(1),
 * and for named_curve(3) a NamedCurve(2)) or DHE (RFC 5246 §7.4.3: ServerDHParams starts with
 * {@code opaque dh_p<1..2^16-1>}).
 */
public final class ServerKeyExchangeParser {
    /** RFC 8422 §5.4: ECCurveType named_curve. */
    private static final int NAMED_CURVE = 3;

    public enum KeyExchange { ECDHE, DHE, OTHER }

    private ServerKeyExchangeParser() {
    }

    public static HandshakeMessage parse(byte[] b, int off, int len, KeyExchange kx) {
        Reader r = new Reader(b, off, len);
        try {
            switch (kx) {
                case ECDHE -> {
                    int curveType = r.u8("curve_type");
                    if (curveType != NAMED_CURVE) {
                        // RFC 8422 §5.4: explicit curves are deprecated; nothing to name.
                        return new HandshakeMessage.ServerKeyExchange(-1, 0);
                    }
                    return new HandshakeMessage.ServerKeyExchange(r.u16("named_curve"), 0);
                }
                case DHE -> {
                    int pEnd = r.vector(2, 1, 0xffff, "dh_p");
                    int i = r.pos;
                    while (i < pEnd && r.b[i] == 0) {
                        i++;
                    }
                    // Size of p in bits: leading zero bytes and bits do not count.
                    int bits = i == pEnd ? 0
                            : (pEnd - i) * 8 - (Integer.numberOfLeadingZeros(r.b[i] & 0xff) - 24);
                    return new HandshakeMessage.ServerKeyExchange(-1, Math.max(bits, 0));
                }
                default -> {
                    return new HandshakeMessage.ServerKeyExchange(-1, 0);
                }
            }
        } catch (Reader.Malformed e) {
            return new HandshakeMessage.Malformed(12, "ServerKeyExchange: " + e.getMessage());
        }
    }
}
