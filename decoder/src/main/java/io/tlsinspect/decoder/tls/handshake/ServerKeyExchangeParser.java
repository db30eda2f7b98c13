package io.tlsinspect.decoder.tls.handshake;

import java.util.Map;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.TlsUtils;

/**
 * The key-exchange group of a TLS <= 1.2 ServerKeyExchange. Its layout depends on the suite's key
 * exchange, which only the ServerHello tells: ECDHE (RFC 8422 §5.4: ECParameters = curve_type(1),
 * and for named_curve(3) a NamedCurve(2)) or DHE (RFC 5246 §7.4.3: ServerDHParams starts with
 * {@code opaque dh_p<1..2^16-1>}).
 */
public final class ServerKeyExchangeParser {
    /** RFC 8422 §5.4: ECCurveType named_curve. */
    private static final int NAMED_CURVE = 3;

    /** How the negotiated suite exchanges keys, as far as the ServerKeyExchange layout goes. */
    public enum KeyExchange {
        ECDHE, DHE, OTHER;

        /**
         * Suites Bouncy Castle 1.84 no longer classifies ({@code getKeyExchangeAlgorithm} gives -1):
         * RC4 (prohibited by RFC 7465) and single DES or export (RFC 5469), which old clients and
         * servers still negotiate.
         */
        private static final Map<Integer, KeyExchange> RETIRED = Map.of(
                CipherSuite.TLS_ECDHE_ECDSA_WITH_RC4_128_SHA, ECDHE,
                CipherSuite.TLS_ECDHE_RSA_WITH_RC4_128_SHA, ECDHE,
                CipherSuite.TLS_ECDHE_PSK_WITH_RC4_128_SHA, ECDHE,
                CipherSuite.TLS_DHE_PSK_WITH_RC4_128_SHA, DHE,
                CipherSuite.TLS_DHE_DSS_WITH_DES_CBC_SHA, DHE,
                CipherSuite.TLS_DHE_RSA_WITH_DES_CBC_SHA, DHE,
                CipherSuite.TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA, DHE,
                CipherSuite.TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA, DHE);

        /** The key exchange of a TLS <= 1.2 suite, from Bouncy Castle's registry. */
        public static KeyExchange of(int cipherSuite) {
            return switch (TlsUtils.getKeyExchangeAlgorithm(cipherSuite)) {
                case KeyExchangeAlgorithm.ECDHE_ECDSA, KeyExchangeAlgorithm.ECDHE_RSA, KeyExchangeAlgorithm.ECDHE_PSK -> ECDHE;
                case KeyExchangeAlgorithm.DHE_DSS, KeyExchangeAlgorithm.DHE_RSA, KeyExchangeAlgorithm.DHE_PSK,
                        KeyExchangeAlgorithm.DHE_DSS_EXPORT, KeyExchangeAlgorithm.DHE_RSA_EXPORT -> DHE;
                case -1 -> RETIRED.getOrDefault(cipherSuite, OTHER);
                default -> OTHER;
            };
        }
    }

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
            return new HandshakeMessage.Malformed(HandshakeType.server_key_exchange, "ServerKeyExchange: " + e.getMessage());
        }
    }
}
