package io.msgr2.conform.pcap;

import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;

/**
 * IPv4 and IPv6 down to the TCP header. Fragments are not reassembled (they are counted);
 * IPv6 hop-by-hop, routing, destination-options and authentication headers are skipped.
 */
final class IpLayer {
    private static final int PROTO_TCP = 6;
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int AUTHENTICATION = 51;
    private static final int DESTINATION_OPTIONS = 60;

    private IpLayer() {
    }

    /** The TCP segment in the IP packet at {@code start}. */
    static Either<SkipReason, TcpSegment> tcp(Packet packet, int index, LinkLayer.IpStart start) {
        Bytes d = packet.data();
        int at = start.offset();
        if (d.length() - at < 1) {
            return Either.left(SkipReason.TRUNCATED_HEADERS);
        }
        int version = d.u8(at) >>> 4;
        if (start.version() != 0 && start.version() != version) {
            return Either.left(SkipReason.MALFORMED);
        }
        return switch (version) {
            case 4 -> ipv4(packet, index, at);
            case 6 -> ipv6(packet, index, at);
            default -> Either.left(SkipReason.MALFORMED);
        };
    }

    /** Frame bytes the capture left out (snaplen). */
    private static long uncaptured(Packet p) {
        return Math.max(0, p.originalLength() - p.capturedLength());
    }

    private static Either<SkipReason, TcpSegment> ipv4(Packet p, int index, int at) {
        Bytes d = p.data();
        int available = d.length() - at;
        if (available < 20) {
            return Either.left(SkipReason.TRUNCATED_HEADERS);
        }
        int headerLength = (d.u8(at) & 0x0f) * 4;
        if (headerLength < 20) {
            return Either.left(SkipReason.MALFORMED);
        }
        if (available < headerLength) {
            return Either.left(SkipReason.TRUNCATED_HEADERS);
        }
        int totalLength = Octets.u16(d, at + 2);
        long wireLength;
        if (totalLength == 0) {
            // segmentation offload: the kernel handed the capture a packet with no length set
            wireLength = available + uncaptured(p);
        } else if (totalLength < headerLength) {
            return Either.left(SkipReason.MALFORMED);
        } else {
            wireLength = totalLength;
        }
        if (!p.truncated() && wireLength > available) {
            return Either.left(SkipReason.MALFORMED);
        }
        int fragment = Octets.u16(d, at + 6);
        if ((fragment & 0x2000) != 0 || (fragment & 0x1fff) != 0) {
            return Either.left(SkipReason.IPV4_FRAGMENT);
        }
        if (d.u8(at + 9) != PROTO_TCP) {
            return Either.left(SkipReason.NOT_TCP);
        }
        return tcpHeader(p, index, d.slice(at + 12, 4).toByteArray(), d.slice(at + 16, 4).toByteArray(),
                at + headerLength, wireLength - headerLength);
    }

    private static Either<SkipReason, TcpSegment> ipv6(Packet p, int index, int at) {
        Bytes d = p.data();
        if (d.length() - at < 40) {
            return Either.left(SkipReason.TRUNCATED_HEADERS);
        }
        int payloadLength = Octets.u16(d, at + 4);
        int next = d.u8(at + 6);
        // payload length 0: a jumbogram or segmentation offload; the frame's end is the packet's
        long wireEnd = payloadLength == 0 ? d.length() + uncaptured(p) : at + 40L + payloadLength;
        if (!p.truncated() && wireEnd > d.length()) {
            return Either.left(SkipReason.MALFORMED);
        }
        int pos = at + 40;
        while (next != PROTO_TCP) {
            if (next == FRAGMENT) {
                return Either.left(SkipReason.IPV6_FRAGMENT);
            }
            if (next != HOP_BY_HOP && next != ROUTING && next != DESTINATION_OPTIONS && next != AUTHENTICATION) {
                return Either.left(SkipReason.NOT_TCP);
            }
            if (d.length() - pos < 2) {
                return Either.left(SkipReason.TRUNCATED_HEADERS);
            }
            int length = next == AUTHENTICATION ? (d.u8(pos + 1) + 2) * 4 : (d.u8(pos + 1) + 1) * 8;
            next = d.u8(pos);
            pos += length;
            if (pos > wireEnd) {
                return Either.left(SkipReason.MALFORMED);
            }
            if (pos > d.length()) {
                return Either.left(SkipReason.TRUNCATED_HEADERS);
            }
        }
        return tcpHeader(p, index, d.slice(at + 8, 16).toByteArray(), d.slice(at + 24, 16).toByteArray(),
                pos, wireEnd - pos);
    }

    /** The TCP header at {@code at}; {@code wireLength} is the segment's length on the wire. */
    private static Either<SkipReason, TcpSegment> tcpHeader(Packet p, int index, byte[] source, byte[] destination,
            int at, long wireLength) {
        Bytes d = p.data();
        if (wireLength < 20) {
            return Either.left(SkipReason.MALFORMED);
        }
        int available = d.length() - at;
        if (available < 20) {
            return Either.left(SkipReason.TRUNCATED_HEADERS);
        }
        int sourcePort = Octets.u16(d, at);
        int destinationPort = Octets.u16(d, at + 2);
        long seq = Octets.u32(d, at + 4);
        long ack = Octets.u32(d, at + 8);
        int headerLength = (d.u8(at + 12) >>> 4) * 4;
        if (headerLength < 20 || headerLength > wireLength) {
            return Either.left(SkipReason.MALFORMED);
        }
        if (available < headerLength) {
            return Either.left(SkipReason.TRUNCATED_HEADERS);
        }
        int flags = d.u8(at + 13);
        long payloadOnWire = wireLength - headerLength;
        int payloadCaptured = (int) Math.min(payloadOnWire, available - headerLength);
        return Either.right(new TcpSegment(index, p.timeNanos(),
                TcpEndpoint.of(source, sourcePort), TcpEndpoint.of(destination, destinationPort),
                seq, ack, flags, d.slice(at + headerLength, payloadCaptured), payloadOnWire - payloadCaptured));
    }
}
