package io.tlsinspect.decoder.quic;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One long-header QUIC packet read in place (RFC 9000 §17.2), and an Initial's payload decrypted
 * (RFC 9001 §5.3 AEAD_AES_128_GCM, §5.4 header protection with AES-ECB over a 16-byte sample).
 *
 * @param type the long packet type as v1 names it: 0 Initial, 1 0-RTT, 2 Handshake, 3 Retry
 * @param length bytes of this packet within the datagram (coalesced packets follow it)
 * @param payload the decrypted frames of an Initial, else null
 */
public record InitialPacket(long version, int type, byte[] dcid, byte[] scid, int length, byte[] payload) {
    public static final int INITIAL = 0;
    public static final int HANDSHAKE = 2;

    /** Thrown for bytes that are not a readable long-header packet; callers count it. */
    public static final class Unreadable extends Exception {
        Unreadable(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * Reads the long-header packet at {@code b[off]}; decrypts it when it is an Initial and
     * {@code keys} are given.
     */
    public static InitialPacket read(byte[] b, int off, int len, InitialKeysSource keys) throws Unreadable {
        int end = off + len;
        if (len < 7 || (b[off] & 0x80) == 0) {
            throw new Unreadable("not a long header");
        }
        int first = b[off] & 0xff;
        long version = ((long) (b[off + 1] & 0xff) << 24) | ((b[off + 2] & 0xff) << 16) | ((b[off + 3] & 0xff) << 8)
                | (b[off + 4] & 0xff);
        int p = off + 5;
        int dl = b[p++] & 0xff;
        if (dl > 20 || p + dl >= end) {
            throw new Unreadable("destination connection ID");
        }
        byte[] dcid = Arrays.copyOfRange(b, p, p + dl);
        p += dl;
        int sl = b[p++] & 0xff;
        if (sl > 20 || p + sl > end) {
            throw new Unreadable("source connection ID");
        }
        byte[] scid = Arrays.copyOfRange(b, p, p + sl);
        p += sl;
        if (version == 0) {
            return new InitialPacket(0, -1, dcid, scid, len, null); // Version Negotiation (RFC 9000 §17.2.1)
        }
        int rawType = (first >>> 4) & 3;
        // RFC 9369 §3.2: v2 numbers the types Retry 0, Initial 1, 0-RTT 2, Handshake 3.
        int type = version == InitialKeys.V2 ? (rawType + 3) & 3 : rawType;
        if (type == 3) {
            return new InitialPacket(version, type, dcid, scid, end - off, null); // Retry: the rest
        }
        if (type == INITIAL) {
            long tokenLength = varint(b, p, end);
            if (tokenLength < 0) {
                throw new Unreadable("token length");
            }
            p += varintLength(b[p]);
            if (p + tokenLength > end) {
                throw new Unreadable("token");
            }
            p += (int) tokenLength;
        }
        long length = varint(b, p, end);
        if (length < 0) {
            throw new Unreadable("length");
        }
        p += varintLength(b[p]);
        int pnOffset = p;
        if (pnOffset + length > end || length < 20) {
            throw new Unreadable("packet length " + length);
        }
        int packetLength = (int) (pnOffset + length - off);
        if (type != INITIAL || keys == null) {
            return new InitialPacket(version, type, dcid, scid, packetLength, null);
        }
        InitialKeys k = keys.keys(version, dcid);
        if (k == null) {
            return new InitialPacket(version, type, dcid, scid, packetLength, null);
        }
        return new InitialPacket(version, type, dcid, scid, packetLength,
                decrypt(b, off, pnOffset, (int) length, k));
    }

    /** The keys for a packet: the connection decides which DCID they derive from. */
    public interface InitialKeysSource {
        InitialKeys keys(long version, byte[] dcid);
    }

    private static byte[] decrypt(byte[] b, int off, int pnOffset, int length, InitialKeys k) throws Unreadable {
        try {
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k.hp(), "AES"));
            // RFC 9001 §5.4.2: the sample starts 4 bytes after the start of the packet number.
            byte[] mask = ecb.doFinal(b, pnOffset + 4, 16);
            byte[] header = Arrays.copyOfRange(b, off, pnOffset + 4);
            header[0] ^= (byte) (mask[0] & 0x0f);
            int pnLength = (header[0] & 3) + 1;
            long pn = 0;
            for (int i = 0; i < pnLength; i++) {
                header[pnOffset - off + i] ^= mask[1 + i];
                pn = (pn << 8) | (header[pnOffset - off + i] & 0xff);
            }
            byte[] aad = Arrays.copyOf(header, pnOffset - off + pnLength);
            // RFC 9001 §5.3: nonce = IV XOR the packet number, left-padded.
            byte[] nonce = k.iv().clone();
            for (int i = 0; i < 8; i++) {
                nonce[nonce.length - 1 - i] ^= (byte) (pn >>> (8 * i));
            }
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k.key(), "AES"), new GCMParameterSpec(128, nonce));
            gcm.updateAAD(aad);
            return gcm.doFinal(b, pnOffset + pnLength, length - pnLength);
        } catch (GeneralSecurityException e) {
            throw new Unreadable("Initial packet does not decrypt: " + e.getClass().getSimpleName());
        }
    }

    static int varintLength(byte first) {
        return 1 << ((first & 0xff) >>> 6);
    }

    /** RFC 9000 §16 variable-length integer at b[p], or -1 when it runs past {@code end}. */
    static long varint(byte[] b, int p, int end) {
        if (p >= end) {
            return -1;
        }
        int n = varintLength(b[p]);
        if (p + n > end) {
            return -1;
        }
        long v = b[p] & 0x3f;
        for (int i = 1; i < n; i++) {
            v = (v << 8) | (b[p + i] & 0xff);
        }
        return v;
    }
}
