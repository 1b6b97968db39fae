package io.msgr2.conform.pcap;

import static io.msgr2.conform.pcap.Frames.ACK;
import static io.msgr2.conform.pcap.Frames.PSH;
import static io.msgr2.conform.pcap.Frames.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opening frames of every supported link type down to their TCP segment. */
class LinkLayerTest {
    static final byte[] PAYLOAD = Frames.ascii("ceph v2\n");
    static final byte[] TCP = Frames.tcp(38010, 6801, 1000, 0, PSH | ACK, PAYLOAD);
    static final byte[] V4 = Frames.ipv4(ip("127.0.0.1"), ip("127.0.0.2"), 6, TCP);
    static final byte[] V6 = Frames.ipv6(ip("::1"), ip("fe80::2"), 6, TCP);
    static final String V4_SOURCE = "127.0.0.1:38010";
    static final String V4_DESTINATION = "127.0.0.2:6801";
    static final String V6_SOURCE = "[::1]:38010";
    static final String V6_DESTINATION = "[fe80::2]:6801";

    static Either<SkipReason, TcpSegment> dissect(LinkType type, byte[] frame) {
        return dissect(type.code(), frame);
    }

    static Either<SkipReason, TcpSegment> dissect(int linkType, byte[] frame) {
        return TcpSegment.dissect(Frames.packet(0, linkType, frame), 0);
    }

    static void assertTcp(LinkType type, byte[] frame, boolean v6) {
        Either<SkipReason, TcpSegment> r = dissect(type, frame);
        assertTrue(r.isRight(), () -> type + ": " + r);
        TcpSegment s = r.get();
        assertEquals(v6 ? V6_SOURCE : V4_SOURCE, s.source().toString(), type::toString);
        assertEquals(v6 ? V6_DESTINATION : V4_DESTINATION, s.destination().toString(), type::toString);
        assertEquals(1000, s.seq());
        assertEquals(PSH | ACK, s.flags());
        assertEquals(Bytes.wrap(PAYLOAD), s.payload(), type::toString);
        assertEquals(0, s.missingBytes());
    }

    static void assertSkipped(SkipReason reason, Either<SkipReason, TcpSegment> r) {
        assertEquals(Either.left(reason), r);
    }

    @Test
    void ethernet() {
        assertTcp(LinkType.ETHERNET, Frames.ethernet(V4), false);
        assertTcp(LinkType.ETHERNET, Frames.ethernet(V6), true);
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        byte[] small = Frames.ipv4(ip("127.0.0.1"), ip("127.0.0.2"), 6, Frames.tcp(38010, 6801, 1000, 0, ACK, new byte[2]));
        Either<SkipReason, TcpSegment> r = dissect(LinkType.ETHERNET, Frames.concat(Frames.ethernet(small), new byte[14]));
        assertEquals(2, r.get().payload().length());
    }

    @Test
    void vlanTagsSingleAndStacked() {
        assertTcp(LinkType.ETHERNET, Frames.ethernet(V4, 0x8100), false);
        assertTcp(LinkType.ETHERNET, Frames.ethernet(V6, 0x88a8, 0x8100), true);
        assertTcp(LinkType.ETHERNET, Frames.ethernet(V4, 0x9100, 0x8100, 0x8100), false);
        assertTcp(LinkType.LINUX_SLL, Frames.sll(V4, 0x8100), false);
        assertTcp(LinkType.LINUX_SLL, Frames.sll(V6, 0x88a8, 0x8100), true);
    }

    @Test
    void rawIpUnderAllThreeNumbers() {
        for (LinkType t : List.of(LinkType.RAW, LinkType.RAW_DLT12, LinkType.RAW_DLT14)) {
            assertTcp(t, V4, false);
            assertTcp(t, V6, true);
        }
    }

    @Test
    void linuxCooked() {
        assertTcp(LinkType.LINUX_SLL, Frames.sll(V4), false);
        assertTcp(LinkType.LINUX_SLL, Frames.sll(V6), true);
        assertTcp(LinkType.LINUX_SLL2, Frames.sll2(V4), false);
        assertTcp(LinkType.LINUX_SLL2, Frames.sll2(V6), true);
    }

    @Test
    void bsdLoopbackInEitherHostOrder() {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            assertTcp(LinkType.NULL, Frames.loopback(V4, 2, order), false);
            for (int inet6 : new int[] {10, 24, 28, 30}) {
                assertTcp(LinkType.NULL, Frames.loopback(V6, inet6, order), true);
            }
        }
        assertSkipped(SkipReason.NOT_IP, dissect(LinkType.NULL, Frames.loopback(V4, 17, ByteOrder.LITTLE_ENDIAN)));
    }

    @Test
    void openBsdLoopIsBigEndian() {
        assertTcp(LinkType.LOOP, Frames.loopback(V4, 2, ByteOrder.BIG_ENDIAN), false);
        assertTcp(LinkType.LOOP, Frames.loopback(V6, 24, ByteOrder.BIG_ENDIAN), true);
        assertSkipped(SkipReason.NOT_IP, dissect(LinkType.LOOP, Frames.loopback(V4, 2, ByteOrder.LITTLE_ENDIAN)));
    }

    @Test
    void ipv4OptionsAndTcpOptions() {
        byte[] tcp = Frames.tcp(38010, 6801, 1000, 0, PSH | ACK, PAYLOAD, 12);
        byte[] packet = Frames.ipv4(ip("127.0.0.1"), ip("127.0.0.2"), 6, tcp, new byte[] {1, 1, 1, 0, 1, 1, 1, 0}, 0);
        assertTcp(LinkType.RAW, packet, false);
    }

    @Test
    void ipv6ExtensionHeadersAreSkipped() {
        byte[] packet = Frames.ipv6(ip("::1"), ip("fe80::2"), new int[] {0, 43, 51, 60}, 6, TCP);
        assertTcp(LinkType.ETHERNET, Frames.ethernet(packet), true);
    }

    @Test
    void fragmentsAndOtherProtocolsAreSkipped() {
        byte[] more = Frames.ipv4(ip("127.0.0.1"), ip("127.0.0.2"), 6, TCP, Frames.NONE, 0x2000);
        byte[] later = Frames.ipv4(ip("127.0.0.1"), ip("127.0.0.2"), 6, TCP, Frames.NONE, 0x0010);
        assertSkipped(SkipReason.IPV4_FRAGMENT, dissect(LinkType.RAW, more));
        assertSkipped(SkipReason.IPV4_FRAGMENT, dissect(LinkType.RAW, later));
        byte[] v6fragment = Frames.ipv6(ip("::1"), ip("fe80::2"), new int[] {0, 44}, 6, TCP);
        assertSkipped(SkipReason.IPV6_FRAGMENT, dissect(LinkType.RAW, v6fragment));
        assertSkipped(SkipReason.NOT_TCP, dissect(LinkType.RAW, Frames.ipv4(ip("10.0.0.1"), ip("10.0.0.2"), 17, new byte[12])));
        assertSkipped(SkipReason.NOT_TCP, dissect(LinkType.RAW, Frames.ipv6(ip("::1"), ip("::2"), 58, new byte[12])));
        assertSkipped(SkipReason.NOT_TCP, dissect(LinkType.RAW, Frames.ipv6(ip("::1"), ip("::2"), new int[] {60}, 59, Frames.NONE)));
        assertSkipped(SkipReason.NOT_IP, dissect(LinkType.ETHERNET, Frames.ethernetType(0x0806, new byte[28])));
        assertSkipped(SkipReason.NOT_IP, dissect(LinkType.ETHERNET, Frames.ethernetType(0x0064, new byte[28])));
        assertSkipped(SkipReason.UNKNOWN_LINK_TYPE, dissect(147, V4));
    }

    @Test
    void shortAndMalformedFrames() {
        assertSkipped(SkipReason.TRUNCATED_HEADERS, dissect(LinkType.ETHERNET, new byte[13]));
        assertSkipped(SkipReason.TRUNCATED_HEADERS, dissect(LinkType.LINUX_SLL2, new byte[19]));
        assertSkipped(SkipReason.TRUNCATED_HEADERS, dissect(LinkType.NULL, new byte[3]));
        assertSkipped(SkipReason.TRUNCATED_HEADERS, dissect(LinkType.ETHERNET, Frames.ethernetType(0x8100, new byte[2])));
        assertSkipped(SkipReason.TRUNCATED_HEADERS, dissect(LinkType.RAW, new byte[0]));
        Packet cutInTcp = new Packet(0, 30, V4.length, LinkType.RAW.code(), Bytes.wrap(java.util.Arrays.copyOf(V4, 30)));
        assertSkipped(SkipReason.TRUNCATED_HEADERS, TcpSegment.dissect(cutInTcp, 0));
        assertSkipped(SkipReason.TRUNCATED_HEADERS, dissect(LinkType.RAW, java.util.Arrays.copyOf(V6, 39)));
        byte[] badIhl = V4.clone();
        badIhl[0] = 0x44;
        assertSkipped(SkipReason.MALFORMED, dissect(LinkType.RAW, badIhl));
        byte[] longer = V4.clone();
        longer[2] = 0x7f; // total length beyond a frame the snaplen did not cut
        assertSkipped(SkipReason.MALFORMED, dissect(LinkType.RAW, longer));
        byte[] badOffset = V4.clone();
        badOffset[20 + 12] = 0x20; // TCP data offset 8 bytes
        assertSkipped(SkipReason.MALFORMED, dissect(LinkType.RAW, badOffset));
        assertSkipped(SkipReason.MALFORMED, dissect(LinkType.ETHERNET, Frames.ethernetType(0x86DD, V4)));
        assertSkipped(SkipReason.MALFORMED, dissect(LinkType.RAW, new byte[] {0x50, 0, 0, 0}));
    }

    @Test
    void segmentationOffloadWithoutIpLength() {
        byte[] tso = V4.clone();
        tso[2] = 0;
        tso[3] = 0;
        assertTcp(LinkType.RAW, tso, false);
    }

    /** Every link type written to a pcap file, read and reassembled. */
    @Test
    void everyLinkTypeThroughAFile() {
        for (LinkType type : LinkType.values()) {
            for (boolean v6 : new boolean[] {false, true}) {
                String client = v6 ? "2001:db8::1" : "192.168.1.10";
                String server = v6 ? "2001:db8::2" : "192.168.1.20";
                List<PcapWriter.Frame> frames = new ArrayList<>();
                long t = 1_000_000_000_000L;
                byte[][] packets = {
                    Frames.ipTcp(client, 40000, server, 6800, 1, 0, Frames.SYN, Frames.NONE),
                    Frames.ipTcp(server, 6800, client, 40000, 9, 2, Frames.SYN | ACK, Frames.NONE),
                    Frames.ipTcp(client, 40000, server, 6800, 2, 10, ACK, Frames.ascii("ceph v2\n")),
                    Frames.ipTcp(server, 6800, client, 40000, 10, 10, ACK, Frames.ascii("ceph v2\n..")),
                };
                for (byte[] p : packets) {
                    frames.add(new PcapWriter.Frame(t += 1000, frame(type, p)));
                }
                byte[] file = PcapWriter.classic(type.code(), ByteOrder.LITTLE_ENDIAN, false, frames);
                PcapFile read = PcapFile.read(file).get();
                TcpCapture capture = TcpReassembly.of(read);
                TcpConnection c = TcpReassemblyTest.only(capture);
                assertEquals("ceph v2\n", TcpReassemblyTest.text(c.clientToServer()), type::toString);
                assertEquals("ceph v2\n..", TcpReassemblyTest.text(c.serverToClient()), type::toString);
                assertEquals(List.of(), capture.warnings(), type::toString);
            }
        }
    }

    static byte[] frame(LinkType type, byte[] ipPacket) {
        boolean v6 = (ipPacket[0] & 0xf0) == 0x60;
        return switch (type) {
            case ETHERNET -> Frames.ethernet(ipPacket, 0x8100);
            case RAW, RAW_DLT12, RAW_DLT14 -> ipPacket;
            case LINUX_SLL -> Frames.sll(ipPacket);
            case LINUX_SLL2 -> Frames.sll2(ipPacket);
            case NULL -> Frames.loopback(ipPacket, v6 ? 30 : 2, ByteOrder.LITTLE_ENDIAN);
            case LOOP -> Frames.loopback(ipPacket, v6 ? 24 : 2, ByteOrder.BIG_ENDIAN);
        };
    }

    @Test
    void skippedFramesAreCountedInWarnings() {
        List<Packet> packets = List.of(
                Frames.packet(1, LinkType.RAW.code(), Frames.ipv4(ip("127.0.0.1"), ip("127.0.0.2"), 6, TCP, Frames.NONE, 0x2000)),
                Frames.packet(2, LinkType.RAW.code(), Frames.ipv4(ip("127.0.0.1"), ip("127.0.0.2"), 6, TCP, Frames.NONE, 0x0008)),
                Frames.packet(3, LinkType.RAW.code(), Frames.ipv6(ip("::1"), ip("::2"), new int[] {44}, 6, TCP)),
                Frames.packet(4, 147, V4),
                Frames.packet(5, 228, V4),
                Frames.packet(6, 147, V4));
        TcpCapture capture = TcpReassembly.of(packets);
        assertEquals(List.of(), capture.connections());
        assertEquals(List.of(
                "skipped 3 frames of a link type we do not decode [147, 228]",
                "skipped 2 IPv4 fragments (not reassembled)",
                "skipped 1 IPv6 fragments (not reassembled)"), capture.warnings());
    }
}
