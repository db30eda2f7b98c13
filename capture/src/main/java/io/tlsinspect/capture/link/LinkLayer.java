package io.tlsinspect.capture.link;

import io.tlsinspect.capture.packet.LinkTypes;

/**
 * Finds the IP header inside a link-layer frame. Returns the offset of the IP header (relative to the
 * frame start) packed with the IP version, so the hot path allocates nothing:
 * {@code (version << 32) | offset}, or one of the negative status codes.
 */
public final class LinkLayer {
    /** The frame is too short for its link header. */
    public static final long SHORT = -1;
    /** The link type is not one this tool decodes. */
    public static final long UNSUPPORTED_LINK = -2;
    /** The frame carries something other than IPv4/IPv6 (ARP, LLDP, ...). */
    public static final long NOT_IP = -3;

    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;
    private static final int ETH_VLAN = 0x8100;
    private static final int ETH_QINQ = 0x88A8;
    private static final int ETH_QINQ_OLD = 0x9100;

    private LinkLayer() {
    }

    public static long locateIp(int linkType, byte[] b, int off, int len) {
        return switch (linkType) {
            case LinkTypes.ETHERNET -> ethernet(b, off, len);
            case LinkTypes.LINUX_SLL -> byEtherType(len < 16 ? -1 : u16(b, off + 14), 16, len);
            case LinkTypes.LINUX_SLL2 -> byEtherType(len < 20 ? -1 : u16(b, off), 20, len);
            case LinkTypes.RAW, LinkTypes.RAW_12, LinkTypes.RAW_14 -> rawIp(b, off, len);
            case LinkTypes.IPV4 -> len < 1 ? SHORT : ((long) 4 << 32);
            case LinkTypes.IPV6 -> len < 1 ? SHORT : ((long) 6 << 32);
            case LinkTypes.NULL -> bsdLoopback(len < 4 ? -1 : hostOrderFamily(b, off), len);
            case LinkTypes.LOOP -> bsdLoopback(len < 4 ? -1 : (int) (u16(b, off) << 16 | u16(b, off + 2)), len);
            default -> UNSUPPORTED_LINK;
        };
    }

    /** IEEE 802.3 header, then any number of 802.1Q / 802.1ad (QinQ) tags. */
    private static long ethernet(byte[] b, int off, int len) {
        int p = 12;
        if (len < p + 2) {
            return SHORT;
        }
        int type = u16(b, off + p);
        while (type == ETH_VLAN || type == ETH_QINQ || type == ETH_QINQ_OLD) {
            p += 4;
            if (len < p + 2) {
                return SHORT;
            }
            type = u16(b, off + p);
        }
        return byEtherType(type, p + 2, len);
    }

    private static long byEtherType(int type, int hdr, int len) {
        if (type < 0 || len < hdr) {
            return SHORT;
        }
        if (type == ETH_IPV4) {
            return ((long) 4 << 32) | hdr;
        }
        if (type == ETH_IPV6) {
            return ((long) 6 << 32) | hdr;
        }
        return NOT_IP;
    }

    /** DLT_RAW: the IP version is the first nibble. */
    private static long rawIp(byte[] b, int off, int len) {
        if (len < 1) {
            return SHORT;
        }
        int v = (b[off] & 0xff) >> 4;
        return v == 4 || v == 6 ? ((long) v << 32) : NOT_IP;
    }

    /** DLT_NULL stores the address family in the capturing host's byte order; guess it. */
    private static int hostOrderFamily(byte[] b, int off) {
        int le = (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
        return (le & 0xffff0000) != 0 ? Integer.reverseBytes(le) : le;
    }

    /** AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS), 10 (Linux). */
    private static long bsdLoopback(int family, int len) {
        if (family < 0) {
            return SHORT;
        }
        return switch (family) {
            case 2 -> ((long) 4 << 32) | 4;
            case 10, 24, 28, 30 -> ((long) 6 << 32) | 4;
            default -> NOT_IP;
        };
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }
}
