package io.tlsinspect.decoder.model;

/** Protocol version codes as on the wire, and their names in every output ({@code TLSv1.2}). */
public final class TlsVersion {
    public static final int SSL2 = 0x0002;
    public static final int SSL3 = 0x0300;
    public static final int TLS10 = 0x0301;
    public static final int TLS11 = 0x0302;
    public static final int TLS12 = 0x0303;
    public static final int TLS13 = 0x0304;

    private TlsVersion() {
    }

    /**
     * {@code SSLv2}, {@code SSLv3}, {@code TLSv1.0} .. {@code TLSv1.3}; the TLS 1.3 versions that tshark
     * and Zeek name: IETF drafts {@code 0x7f00 + n} as {@code TLSv1.3-draft<n>} (tshark "TLS 1.3 (draft
     * 23)", Zeek "TLSv13-draft23"), Facebook's {@code 0xfb17}/{@code 0xfb1a} as
     * {@code TLSv1.3-facebook-draft23}/{@code -draft26} (tshark "TLS 1.3 (Facebook draft 23)"). Versions
     * neither names (BoringSSL's experiments {@code 0x7e01}-{@code 0x7e04}, GREASE, others) stay hex
     * ({@code 0x7e01}).
     */
    public static String name(int code) {
        if (isTls13Draft(code)) {
            return "TLSv1.3-draft" + (code & 0xff);
        }
        return switch (code) {
            case SSL2 -> "SSLv2";
            case SSL3 -> "SSLv3";
            case TLS10 -> "TLSv1.0";
            case TLS11 -> "TLSv1.1";
            case TLS12 -> "TLSv1.2";
            case TLS13 -> "TLSv1.3";
            case 0xfb17 -> "TLSv1.3-facebook-draft23";
            case 0xfb1a -> "TLSv1.3-facebook-draft26";
            default -> String.format("0x%04x", code);
        };
    }

    /**
     * TLS 1.3 or one of its pre-RFC forms, which run TLS 1.3's handshake (encrypted after the
     * ServerHello, resumption only by PSK): the IETF drafts {@code 0x7f00 + n} (draft-ietf-tls-tls13-n
     * §4.2.1), BoringSSL's experiments {@code 0x7e01}-{@code 0x7e04} and Facebook's {@code 0xfb17}/{@code 0xfb1a}.
     */
    public static boolean isTls13(int code) {
        return code == TLS13 || isTls13Draft(code) || (code >= 0x7e01 && code <= 0x7e04) || code == 0xfb17
                || code == 0xfb1a;
    }

    /** An IETF TLS 1.3 draft version, {@code 0x7f00 + draft number}. */
    public static boolean isTls13Draft(int code) {
        return (code & 0xff00) == 0x7f00 && (code & 0xff) > 0;
    }

    /** True for the versions this tool knows how to order (SSLv2 .. TLSv1.3). */
    public static boolean isKnown(int code) {
        return code == SSL2 || (code >= SSL3 && code <= TLS13);
    }
}
