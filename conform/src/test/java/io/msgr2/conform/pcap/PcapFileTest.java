package io.msgr2.conform.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.wire.Bytes;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading classic pcap and pcapng. */
class PcapFileTest {
    static final long T0 = 1_796_328_665_123_456_789L;
    static final long T0_MICROS = T0 / 1000 * 1000;
    static final byte[] A = Frames.ascii("frame A, odd length");
    static final byte[] B = Frames.ascii("frame B");

    static PcapFile read(byte[] file) {
        var r = PcapFile.read(file);
        assertTrue(r.isRight(), () -> r.getLeft().toString());
        return r.get();
    }

    static void assertPacket(Packet p, long time, int linkType, byte[] data) {
        assertEquals(time, p.timeNanos());
        assertEquals(linkType, p.linkType());
        assertEquals(data.length, p.capturedLength());
        assertEquals(Bytes.wrap(data), p.data());
    }

    @Test
    void classicInBothByteOrdersWithMicroAndNanoseconds() {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            for (boolean nanos : new boolean[] {false, true}) {
                byte[] file = PcapWriter.classic(113, order, nanos, List.of(
                        new PcapWriter.Frame(T0, A, 1500), new PcapWriter.Frame(T0 + 1_000_001_001L, B)));
                PcapFile f = read(file);
                String what = order + (nanos ? " ns" : " us");
                assertEquals(PcapFile.Format.PCAP, f.format());
                assertEquals(List.of(), f.warnings(), what);
                assertEquals(2, f.packets().size(), what);
                long t0 = nanos ? T0 : T0_MICROS;
                long t1 = nanos ? T0 + 1_000_001_001L : (T0 + 1_000_001_001L) / 1000 * 1000;
                assertPacket(f.packets().get(0), t0, 113, A);
                assertPacket(f.packets().get(1), t1, 113, B);
                assertEquals(1500, f.packets().get(0).originalLength());
                assertTrue(f.packets().get(0).truncated());
                assertEquals(B.length, f.packets().get(1).originalLength());
            }
        }
    }

    @Test
    void classicWithNoPackets() {
        PcapFile f = read(PcapWriter.classic(1, ByteOrder.BIG_ENDIAN, false, List.of()));
        assertEquals(List.of(), f.packets());
        assertEquals(List.of(), f.warnings());
    }

    @Test
    void classicCutInsideAPacketKeepsThePacketsBefore() {
        byte[] file = PcapWriter.classic(1, ByteOrder.LITTLE_ENDIAN, false, List.of(
                new PcapWriter.Frame(T0, A), new PcapWriter.Frame(T0, B)));
        PcapFile f = read(Arrays.copyOf(file, file.length - 3));
        assertEquals(1, f.packets().size());
        assertEquals(List.of("file ends inside packet 2 at offset " + (24 + 16 + A.length) + " (4 of 7 captured bytes present); "
                + "capture cut short"), f.warnings());
        PcapFile g = read(Arrays.copyOf(file, 24 + 16 + A.length + 10));
        assertEquals(1, g.packets().size());
        assertTrue(g.warnings().get(0).startsWith("file ends inside the record header of packet 2"), g.warnings()::toString);
    }

    @Test
    void pcapngWithSeveralInterfacesAndTimestampResolutions() {
        long seconds = 1_796_328_665L;
        byte[] file = new PcapWriter.Ng(ByteOrder.LITTLE_ENDIAN)
                .iface(1) // default resolution: microseconds
                .block(PcapWriter.Ng.NAME_RESOLUTION, new byte[] {0, 0, 0, 0})
                .iface(276, 65535, 9, 0) // nanoseconds
                .iface(101, 0, 0x80 | 10, 100) // 2^-10 s, 100 s offset
                .iface(0, 0, 3, 0) // milliseconds
                .epb(0, seconds * 1_000_000L + 123_456L, A)
                .epb(1, seconds * 1_000_000_000L + 123_456_789L, B, 9000)
                .block(PcapWriter.Ng.CUSTOM, Frames.ascii("custom data"))
                .epb(2, seconds * 1024 + 512, A)
                .block(PcapWriter.Ng.INTERFACE_STATISTICS, new byte[12])
                .epb(3, seconds * 1000 + 7, B)
                .opb(1, seconds * 1_000_000_000L + 5, A)
                .bytes();
        PcapFile f = read(file);
        assertEquals(PcapFile.Format.PCAPNG, f.format());
        assertEquals(List.of(), f.warnings());
        assertEquals(5, f.packets().size());
        long base = seconds * 1_000_000_000L;
        assertPacket(f.packets().get(0), base + 123_456_000L, 1, A);
        assertPacket(f.packets().get(1), base + 123_456_789L, 276, B);
        assertEquals(9000, f.packets().get(1).originalLength());
        assertPacket(f.packets().get(2), base + 100_000_000_000L + 500_000_000L, 101, A);
        assertPacket(f.packets().get(3), base + 7_000_000L, 0, B);
        assertPacket(f.packets().get(4), base + 5, 276, A);
    }

    @Test
    void pcapngSectionsInBothByteOrdersWithSimplePackets() {
        long seconds = 1_700_000_000L;
        byte[] file = new PcapWriter.Ng(ByteOrder.BIG_ENDIAN)
                .iface(1).iface(113)
                .epb(1, seconds * 1_000_000L, A)
                .spb(B, B.length) // interface 0, the previous packet's time
                .section(ByteOrder.LITTLE_ENDIAN)
                .iface(101, 4, -1, 0) // snaplen 4
                .spb(B, 1000)
                .epb(0, seconds * 1_000_000L + 1, A)
                .bytes();
        PcapFile f = read(file);
        assertEquals(List.of(), f.warnings());
        assertEquals(4, f.packets().size());
        long t = seconds * 1_000_000_000L;
        assertPacket(f.packets().get(0), t, 113, A);
        assertPacket(f.packets().get(1), t, 1, B);
        assertPacket(f.packets().get(2), 0, 101, Arrays.copyOf(B, 4));
        assertEquals(1000, f.packets().get(2).originalLength());
        assertPacket(f.packets().get(3), t + 1000, 101, A);
    }

    @Test
    void pcapngCutInsideABlockKeepsThePacketsBefore() {
        byte[] file = new PcapWriter.Ng(ByteOrder.LITTLE_ENDIAN).iface(1).epb(0, 1, A).epb(0, 2, B).bytes();
        for (int cut = 1; cut < 44; cut++) {
            PcapFile f = read(Arrays.copyOf(file, file.length - cut));
            assertEquals(1, f.packets().size());
            assertEquals(1, f.warnings().size(), f.warnings()::toString);
            assertTrue(f.warnings().get(0).contains("capture cut short"), f.warnings()::toString);
        }
    }

    @Test
    void pcapngTcpOnTwoInterfaces() {
        byte[] syn = Frames.ipTcp("10.1.0.1", 50000, "10.1.0.2", 6800, 7, 0, Frames.SYN, Frames.NONE);
        byte[] data = Frames.ipTcp("10.1.0.1", 50000, "10.1.0.2", 6800, 8, 0, Frames.ACK, Frames.ascii("on eth"));
        byte[] syn6 = Frames.ipTcp("fd00::1", 50001, "fd00::2", 6800, 7, 0, Frames.SYN, Frames.NONE);
        byte[] data6 = Frames.ipTcp("fd00::1", 50001, "fd00::2", 6800, 8, 0, Frames.ACK, Frames.ascii("on any"));
        byte[] file = new PcapWriter.Ng(ByteOrder.BIG_ENDIAN)
                .iface(1, 262144, -1, 0).iface(276, 262144, 9, 0)
                .epb(1, 5_000_000_000L, Frames.sll2(syn6))
                .epb(0, 4_000_000L, Frames.ethernet(syn))
                .epb(0, 4_000_001L, Frames.ethernet(data))
                .epb(1, 5_000_000_001L, Frames.sll2(data6))
                .bytes();
        TcpCapture capture = TcpReassembly.of(read(file));
        assertEquals(List.of(), capture.warnings());
        assertEquals(2, capture.connections().size());
        TcpConnection first = capture.connections().get(0);
        assertEquals("10.1.0.1:50000 -> 10.1.0.2:6800 @ 1970-01-01T00:00:04Z", first.name());
        assertEquals("on eth", TcpReassemblyTest.text(first.clientToServer()));
        assertEquals("[fd00::1]:50001 -> [fd00::2]:6800 @ 1970-01-01T00:00:05Z", capture.connections().get(1).name());
        assertEquals(5_000_000_001L, capture.connections().get(1).clientToServer().timeOf(0));
    }
}
