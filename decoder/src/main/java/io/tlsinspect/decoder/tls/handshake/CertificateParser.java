package io.tlsinspect.decoder.tls.handshake;

import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.tls.Bytes;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.DSAParameter;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;

/**
 * TLS <= 1.2 Certificate message (RFC 5246 §7.4.2): {@code ASN.1Cert certificate_list<0..2^24-1>},
 * each {@code opaque ASN.1Cert<1..2^24-1>}. Only the leaf (first) certificate is decoded, with
 * Bouncy Castle's ASN.1 classes, once per distinct DER (a server sends the same one on every
 * connection); the rest are counted.
 */
public final class CertificateParser {
    /** Distinct leaf certificates remembered, and the DER bytes they may hold in all. */
    static final int CACHE_ENTRIES = 1024;
    static final long CACHE_BYTES = 4L << 20;
    /** A leaf's summary (chain length as first seen), or why it could not be read (a String). */
    private static final DerCache<Object> LEAVES = new DerCache<>(CACHE_ENTRIES, CACHE_BYTES);

    private CertificateParser() {
    }

    public static HandshakeMessage parse(byte[] b, int off, int len) {
        Reader r = new Reader(b, off, len);
        int leafOff = -1;
        int leafLen = 0;
        int count = 0;
        try {
            int end = r.vector(3, 0, 0xffffff, "certificate_list");
            while (r.pos < end) {
                int certEnd = r.vector(3, 1, 0xffffff, "ASN.1Cert");
                if (count == 0) {
                    leafOff = r.pos;
                    leafLen = certEnd - r.pos;
                }
                count++;
                r.pos = certEnd;
            }
            r.expectAt(end, "certificate_list");
            r.expectAt(r.limit, "Certificate");
        } catch (Reader.Malformed e) {
            return new HandshakeMessage.Malformed(11, "Certificate: " + e.getMessage());
        }
        if (count == 0) {
            return new HandshakeMessage.Certificate(null, 0, "empty certificate_list");
        }
        int chainLength = count;
        int at = leafOff;
        int length = leafLen;
        Object leaf = LEAVES.get(b, leafOff, leafLen, () -> summary(b, at, length, chainLength));
        if (leaf instanceof CertificateInfo info) {
            return new HandshakeMessage.Certificate(info.withChainLength(count), count, null);
        }
        return new HandshakeMessage.Certificate(null, count, (String) leaf);
    }

    /**
     * One DER certificate on its own, as an SSL 2.0 SERVER-HELLO carries it (CERTIFICATE-DATA of
     * type SSL_CT_X509_CERTIFICATE: SSL 2.0 spec §2.6, App. C.5); cached like a leaf.
     */
    public static HandshakeMessage.Certificate parseDer(byte[] b, int off, int len) {
        Object leaf = LEAVES.get(b, off, len, () -> summary(b, off, len, 1));
        if (leaf instanceof CertificateInfo info) {
            return new HandshakeMessage.Certificate(info.withChainLength(1), 1, null);
        }
        return new HandshakeMessage.Certificate(null, 1, (String) leaf);
    }

    private static Object summary(byte[] b, int off, int len, int chainLength) {
        try {
            return leaf(b, off, len, chainLength);
        } catch (RuntimeException | IOException e) {
            // Bouncy Castle reports bad DER with IllegalArgumentException and friends: the message
            // framing was fine, only the leaf's DER is not a certificate we can read.
            return "leaf certificate: " + e.getMessage();
        }
    }

    /** Leaf certificates parsed so far in this process (tests: once per distinct DER). */
    static long leavesParsed() {
        return LEAVES.misses();
    }

    private static CertificateInfo leaf(byte[] b, int off, int len, int chainLength) throws IOException {
        byte[] der = Arrays.copyOfRange(b, off, off + len);
        Certificate c = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
        Extensions ext = c.getTBSCertificate().getExtensions();
        SubjectPublicKeyInfo spki = c.getSubjectPublicKeyInfo();
        String[] key = keyTypeAndBits(spki);
        return new CertificateInfo(
                c.getSubject().toString(),
                c.getIssuer().toString(),
                subjectAltNames(ext),
                iso(c.getStartDate()),
                iso(c.getEndDate()),
                key[0],
                Integer.parseInt(key[1]),
                chainLength,
                selfSigned(c, ext),
                sha256(der));
    }

    /** RFC 5280 §4.1.2.5: UTCTime or GeneralizedTime, read by {@link X509Time}. */
    private static String iso(Time t) {
        ASN1Primitive p = t.toASN1Primitive();
        if (p instanceof ASN1UTCTime u) {
            return X509Time.iso(true, u.toString()); // toString() is the raw characters
        }
        return X509Time.iso(false, ((ASN1GeneralizedTime) p).getTimeString());
    }

    private static List<String> subjectAltNames(Extensions ext) {
        if (ext == null) {
            return List.of();
        }
        GeneralNames names = GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
        if (names == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (GeneralName n : names.getNames()) {
            switch (n.getTagNo()) {
                case GeneralName.dNSName -> out.add(n.getName().toString());
                case GeneralName.iPAddress -> out.add("IP:" + ipText(DEROctetString.getInstance(n.getName()).getOctets()));
                case GeneralName.uniformResourceIdentifier -> out.add("URI:" + n.getName());
                case GeneralName.rfc822Name -> out.add("email:" + n.getName());
                default -> out.add(n.toString());
            }
        }
        return List.copyOf(out);
    }

    private static String ipText(byte[] a) {
        try {
            return java.net.InetAddress.getByAddress(a).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return Bytes.hex(a);
        }
    }

    /**
     * Self-issued (RFC 5280 §3.2: subject equals issuer) and, when both key identifiers are present,
     * the authority key identifier names its own key. No signature check: this is a summary, and a
     * signature check per connection would cost more than the rest of the decoding.
     */
    private static boolean selfSigned(Certificate c, Extensions ext) {
        if (!c.getSubject().equals(c.getIssuer())) {
            return false;
        }
        if (ext == null) {
            return true;
        }
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(ext);
        SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(ext);
        if (aki == null || ski == null || aki.getKeyIdentifier() == null) {
            return true;
        }
        return Arrays.equals(aki.getKeyIdentifier(), ski.getKeyIdentifier());
    }

    private static String[] keyTypeAndBits(SubjectPublicKeyInfo spki) throws IOException {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        if (alg.equals(PKCSObjectIdentifiers.rsaEncryption) || alg.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            BigInteger n = RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus();
            return new String[] {alg.equals(PKCSObjectIdentifiers.rsaEncryption) ? "RSA" : "RSA-PSS",
                    Integer.toString(n.bitLength())};
        }
        if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            int bits = 0;
            String name = "EC";
            if (spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve) {
                X9ECParameters p = ECNamedCurveTable.getByOID(curve);
                String cn = ECNamedCurveTable.getName(curve);
                bits = p == null ? 0 : p.getCurve().getFieldSize();
                name = cn == null ? "EC" : "EC " + cn;
            }
            return new String[] {name, Integer.toString(bits)};
        }
        if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return new String[] {"Ed25519", "256"};
        }
        if (alg.equals(EdECObjectIdentifiers.id_Ed448)) {
            return new String[] {"Ed448", "456"};
        }
        if (alg.equals(X9ObjectIdentifiers.id_dsa) && spki.getAlgorithm().getParameters() != null) {
            DSAParameter p = DSAParameter.getInstance(spki.getAlgorithm().getParameters());
            return new String[] {"DSA", Integer.toString(p.getP().bitLength())};
        }
        return new String[] {alg.getId(), "0"};
    }

    private static String sha256(byte[] der) {
        try {
            return Bytes.hex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
