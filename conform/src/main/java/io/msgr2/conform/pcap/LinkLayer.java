package io.msgr2.conform.pcap;

import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;
import java.util.Optional;

/** Strips a frame's link-layer header (and any VLAN tags) to find the IP packet inside. */
final class LinkLayer {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int AF_INET = 2;

    private LinkLayer() {
    }

    /**
     * Where the IP header starts in the frame.
     *
     * @param offset  its offset in the frame
     * @param version the IP version the link layer announced, or 0 if it says nothing (raw IP)
     */
    record IpStart(int offset, int version) {
    }

    static Either<SkipReason, IpStart> ipStart(Packet packet) {
        Optional<LinkType> type = packet.knownLinkType();
        if (type.isEmpty()) {
            return Either.left(SkipReason.UNKNOWN_LINK_TYPE);
        }
        Bytes d = packet.data();
        return switch (type.get()) {
            case ETHERNET -> d.length() < 14 ? truncated() : etherType(d, 12, 14);
            case RAW, RAW_DLT12, RAW_DLT14 -> Either.right(new IpStart(0, 0));
            case LINUX_SLL -> d.length() < 16 ? truncated() : etherType(d, 14, 16);
            case LINUX_SLL2 -> d.length() < 20 ? truncated() : etherType(d, 0, 20);
            case NULL -> d.length() < 4 ? truncated() : addressFamily(hostOrderFamily(Octets.u32(d, 0)));
            case LOOP -> d.length() < 4 ? truncated() : addressFamily(Octets.u32(d, 0));
        };
    }

    private static Either<SkipReason, IpStart> truncated() {
        return Either.left(SkipReason.TRUNCATED_HEADERS);
    }

    /** Follows an EtherType through any number of VLAN tags. */
    private static Either<SkipReason, IpStart> etherType(Bytes d, int typeAt, int payloadAt) {
        int type = Octets.u16(d, typeAt);
        int at = payloadAt;
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
            if (d.length() - at < 4) {
                return truncated();
            }
            type = Octets.u16(d, at + 2);
            at += 4;
        }
        return switch (type) {
            case ETHERTYPE_IPV4 -> Either.right(new IpStart(at, 4));
            case ETHERTYPE_IPV6 -> Either.right(new IpStart(at, 6));
            default -> Either.left(SkipReason.NOT_IP);
        };
    }

    /**
     * DLT_NULL stores the family in the byte order of the host that captured, which the
     * frame does not say; families are small numbers, so a value with high bytes set was
     * written little-endian.
     */
    private static long hostOrderFamily(long bigEndian) {
        return (bigEndian & 0xffff0000L) != 0 ? Integer.reverseBytes((int) bigEndian) & 0xffffffffL : bigEndian;
    }

    /** AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (Darwin). */
    private static Either<SkipReason, IpStart> addressFamily(long family) {
        if (family == AF_INET) {
            return Either.right(new IpStart(4, 4));
        }
        if (family == 10 || family == 24 || family == 28 || family == 30) {
            return Either.right(new IpStart(4, 6));
        }
        return Either.left(SkipReason.NOT_IP);
    }
}
