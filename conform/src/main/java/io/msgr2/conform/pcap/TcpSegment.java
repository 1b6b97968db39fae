package io.msgr2.conform.pcap;

import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;

/**
 * One TCP segment out of a frame.
 *
 * @param packetIndex  the frame's index in the capture
 * @param seq          the raw 32-bit sequence number
 * @param ack          the raw 32-bit acknowledgment number
 * @param flags        the TCP flag bits (FIN 0x01 ... ACK 0x10)
 * @param payload      the captured payload
 * @param missingBytes payload bytes on the wire that the capture left out (snaplen)
 */
record TcpSegment(int packetIndex, long timeNanos, TcpEndpoint source, TcpEndpoint destination,
        long seq, long ack, int flags, Bytes payload, long missingBytes) {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    /** The TCP segment in a captured frame, or why there is none. */
    static Either<SkipReason, TcpSegment> dissect(Packet packet, int index) {
        return LinkLayer.ipStart(packet).flatMap(start -> IpLayer.tcp(packet, index, start));
    }

    boolean fin() {
        return (flags & FIN) != 0;
    }

    boolean syn() {
        return (flags & SYN) != 0;
    }

    boolean rst() {
        return (flags & RST) != 0;
    }

    boolean hasAck() {
        return (flags & ACK) != 0;
    }

    /** The segment's length in sequence space, without SYN and FIN. */
    long wireLength() {
        return payload.length() + missingBytes;
    }
}
