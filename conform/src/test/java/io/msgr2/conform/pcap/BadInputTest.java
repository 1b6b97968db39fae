package io.msgr2.conform.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.control.Either;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Damaged and hostile files give typed errors or warnings, never exceptions. */
class BadInputTest {
    static final byte[] DATA = Frames.ascii("some frame");

    static void assertError(PcapError.Kind kind, byte[] file) {
        Either<PcapError, PcapFile> r = PcapFile.read(file);
        assertTrue(r.isLeft(), () -> "expected " + kind + ", read " + r);
        assertEquals(kind, r.getLeft().kind(), r.getLeft()::toString);
    }

    /** Reads a file that must be readable with exactly these warnings (checked by prefix). */
    static PcapFile assertWarnings(byte[] file, String... prefixes) {
        Either<PcapError, PcapFile> r = PcapFile.read(file);
        assertTrue(r.isRight(), () -> r.getLeft().toString());
        List<String> warnings = r.get().warnings();
        assertEquals(prefixes.length, warnings.size(), warnings::toString);
        for (int i = 0; i < prefixes.length; i++) {
            assertTrue(warnings.get(i).startsWith(prefixes[i]), warnings::toString);
        }
        return r.get();
    }

    static PcapWriter.Ng ng() {
        return new PcapWriter.Ng(ByteOrder.LITTLE_ENDIAN).iface(1);
    }

    @Test
    void fatalErrors() {
        assertError(PcapError.Kind.EMPTY, new byte[0]);
        assertError(PcapError.Kind.TRUNCATED_HEADER, new byte[] {(byte) 0xd4, (byte) 0xc3});
        assertError(PcapError.Kind.UNKNOWN_FORMAT, Frames.ascii("GET / HTTP/1.1\r\n\r\n"));
        assertError(PcapError.Kind.UNKNOWN_FORMAT, new byte[4096]);
        byte[] classic = PcapWriter.classic(1, ByteOrder.LITTLE_ENDIAN, false, List.of());
        assertError(PcapError.Kind.TRUNCATED_HEADER, Arrays.copyOf(classic, 23));
        byte[] version3 = classic.clone();
        version3[4] = 3;
        assertError(PcapError.Kind.UNSUPPORTED_VERSION, version3);
        byte[] section = new PcapWriter.Ng(ByteOrder.BIG_ENDIAN).bytes();
        assertError(PcapError.Kind.TRUNCATED_HEADER, Arrays.copyOf(section, 27));
        byte[] badMagic = section.clone();
        badMagic[8] = 0x77;
        assertError(PcapError.Kind.BAD_SECTION_HEADER, badMagic);
        byte[] badLength = section.clone();
        badLength[7] = 27;
        assertError(PcapError.Kind.BAD_SECTION_HEADER, badLength);
        byte[] beyond = section.clone();
        beyond[4] = 0x7f; // 2 GiB section header block
        assertError(PcapError.Kind.TRUNCATED_HEADER, beyond);
        byte[] version2 = section.clone();
        version2[13] = 2;
        assertError(PcapError.Kind.UNSUPPORTED_VERSION, version2);
    }

    @Test
    void classicPacketLengthOfTwoToThe31() {
        byte[] file = PcapWriter.classic(1, ByteOrder.BIG_ENDIAN, false,
                List.of(new PcapWriter.Frame(0, DATA), new PcapWriter.Frame(0, DATA)));
        ByteBuffer.wrap(file).putInt(24 + 16 + DATA.length + 8, 0x80000000);
        PcapFile f = assertWarnings(file, "packet 2 at offset 50 claims an implausible captured length of 2147483648 bytes");
        assertEquals(1, f.packets().size());
        ByteBuffer.wrap(file).putInt(24 + 8, 0xffffffff);
        assertEquals(0, assertWarnings(file, "packet 1 at offset 24 claims an implausible").packets().size());
    }

    @Test
    void pcapngBlockLengthsBeyondTheFileOrInvalid() {
        byte[] good = ng().epb(0, 1, DATA).bytes();
        int epb = ng().bytes().length;
        byte[] beyond = good.clone();
        ByteBuffer.wrap(beyond).order(ByteOrder.LITTLE_ENDIAN).putInt(epb + 4, 0x7ffffffc);
        assertEquals(0, assertWarnings(beyond, "file ends inside a block of type 0x6").packets().size());
        byte[] odd = good.clone();
        ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putInt(epb + 4, 45);
        assertWarnings(odd, "block of type 0x6 at offset " + epb + " has an invalid length 45");
        byte[] tiny = good.clone();
        ByteBuffer.wrap(tiny).order(ByteOrder.LITTLE_ENDIAN).putInt(epb + 4, 8);
        assertWarnings(tiny, "block of type 0x6 at offset " + epb + " has an invalid length 8");
        byte[] trailer = good.clone();
        trailer[trailer.length - 4] = 0;
        assertEquals(1, assertWarnings(trailer, "a block's trailing length differs").packets().size());
    }

    @Test
    void pcapngPacketBlocksThatDoNotAddUp() {
        byte[] captured = ng().epb(0, 1, DATA).epb(0, 2, DATA).bytes();
        int second = ng().epb(0, 1, DATA).bytes().length;
        ByteBuffer.wrap(captured).order(ByteOrder.LITTLE_ENDIAN).putInt(second + 8 + 12, 0x80000000);
        assertEquals(1, assertWarnings(captured, "an enhanced packet block's captured length runs past the block")
                .packets().size());
        byte[] undeclared = ng().epb(3, 1, DATA).epb(0, 2, DATA).epb(3, 1, DATA).bytes();
        assertEquals(1, assertWarnings(undeclared, "packets for interface 3, which the section does not declare, are skipped (2 times)")
                .packets().size());
        byte[] noInterface = new PcapWriter.Ng(ByteOrder.BIG_ENDIAN).spb(DATA, DATA.length).bytes();
        assertWarnings(noInterface, "packets for interface 0");
        byte[] shortBlocks = ng().block(PcapWriter.Ng.ENHANCED_PACKET, new byte[8])
                .block(PcapWriter.Ng.SIMPLE_PACKET, new byte[0])
                .block(PcapWriter.Ng.INTERFACE_DESCRIPTION, new byte[4]).epb(1, 0, DATA).bytes();
        assertEquals(0, assertWarnings(shortBlocks, "an enhanced packet block is too short", "a simple packet block is too short",
                "an interface description block is too short").packets().size());
        byte[] badOption = ng().block(PcapWriter.Ng.INTERFACE_DESCRIPTION,
                new byte[] {1, 0, 0, 0, 0, 0, 4, 0, 9, 0, 100, 0}).epb(1, 0, DATA).bytes();
        assertEquals(1, assertWarnings(badOption, "an interface description block has a malformed option list")
                .packets().size());
    }

    @Test
    void pcapngAbsurdTimestamps() {
        byte[] file = new PcapWriter.Ng(ByteOrder.LITTLE_ENDIAN)
                .iface(1, 0, 0xff, 0) // 2^-127 s
                .iface(1, 0, 0, 0) // seconds
                .iface(1, 0, 19, 0) // 10^-19 s
                .epb(0, 1_000_000, DATA)
                .epb(1, -1L, DATA)
                .epb(1, Long.MAX_VALUE / 2, DATA)
                .epb(2, 10_000_000_000_000L, DATA)
                .bytes();
        PcapFile f = assertWarnings(file, "unsupported if_tsresol 0xff", "unsupported if_tsresol 0x13",
                "a packet timestamp does not fit in 64-bit nanoseconds since the epoch; taken as 0 (2 times)");
        assertEquals(List.of(1_000_000_000L, 0L, 0L, 10_000_000_000_000_000L),
                f.packets().stream().map(Packet::timeNanos).toList());
    }

    @Test
    void aLaterBrokenSectionStopsWithAWarning() {
        byte[] file = ng().epb(0, 1, DATA).section(ByteOrder.BIG_ENDIAN).bytes();
        file[file.length - 20] = 0x55; // the byte-order magic
        assertEquals(1, assertWarnings(file, "section header at offset").packets().size());
    }

    /**
     * Valid captures with random damage (bytes overwritten, cut, lengths set to extremes,
     * spans duplicated) and random bytes behind valid magics: reading and reassembling never
     * throws.
     */
    @Test
    void randomDamageNeverThrows() {
        SplittableRandom random = new SplittableRandom(62832);
        List<byte[]> seeds = seeds();
        for (int round = 0; round < 3000; round++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] file = damage(seed, random);
            Either<PcapError, PcapFile> r = PcapFile.read(file);
            if (r.isRight()) {
                TcpCapture capture = TcpReassembly.of(r.get());
                for (TcpConnection c : capture.connections()) {
                    c.name();
                    c.ending();
                    for (TcpStream s : List.of(c.clientToServer(), c.serverToClient())) {
                        if (!s.bytes().isEmpty()) {
                            s.timeOf(s.bytes().length() - 1);
                        }
                    }
                }
            }
        }
    }

    static byte[] damage(byte[] seed, SplittableRandom random) {
        byte[] file = seed.clone();
        int edits = random.nextInt(1, 6);
        for (int e = 0; e < edits && file.length > 8; e++) {
            int at = random.nextInt(file.length);
            switch (random.nextInt(6)) {
                case 0 -> file[at] = (byte) random.nextInt(256);
                case 1 -> file = Arrays.copyOf(file, at);
                case 2 -> {
                    int[] extremes = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffc, 12, 28, 0x10000};
                    if (at + 4 <= file.length) {
                        ByteBuffer.wrap(file).order(random.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                                .putInt(at, extremes[random.nextInt(extremes.length)]);
                    }
                }
                case 3 -> {
                    int n = Math.min(file.length - at, random.nextInt(1, 64));
                    byte[] longer = new byte[file.length + n];
                    System.arraycopy(file, 0, longer, 0, at + n);
                    System.arraycopy(file, at, longer, at + n, file.length - at);
                    file = longer;
                }
                case 4 -> {
                    for (int i = at; i < Math.min(file.length, at + 16); i++) {
                        file[i] = (byte) random.nextInt(256);
                    }
                }
                default -> file[at] ^= (byte) (1 << random.nextInt(8));
            }
        }
        if (random.nextInt(20) == 0) {
            byte[] noise = new byte[random.nextInt(0, 300)];
            random.nextBytes(noise);
            System.arraycopy(seed, 0, noise, 0, Math.min(noise.length, 4));
            return noise;
        }
        return file;
    }

    /** Small valid captures of every format and link type, each with a little TCP conversation. */
    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        List<byte[]> ip = new ArrayList<>();
        for (String[] pair : new String[][] {{"127.0.0.1", "127.0.0.2"}, {"::1", "fe80::2"}}) {
            ip.add(Frames.ipTcp(pair[0], 40000, pair[1], 6800, 1, 0, Frames.SYN, Frames.NONE));
            ip.add(Frames.ipTcp(pair[1], 6800, pair[0], 40000, 7, 2, Frames.SYN | Frames.ACK, Frames.NONE));
            ip.add(Frames.ipTcp(pair[0], 40000, pair[1], 6800, 2, 8, Frames.ACK, Frames.ascii("ceph v2\n")));
            ip.add(Frames.ipTcp(pair[0], 40000, pair[1], 6800, 10, 8, Frames.ACK, Frames.ascii("more data")));
            ip.add(Frames.ipTcp(pair[1], 6800, pair[0], 40000, 8, 19, Frames.FIN | Frames.ACK, Frames.ascii("bye")));
        }
        for (LinkType type : LinkType.values()) {
            List<PcapWriter.Frame> frames = new ArrayList<>();
            long t = 1_000_000_000L;
            for (byte[] p : ip) {
                frames.add(new PcapWriter.Frame(t += 1000, LinkLayerTest.frame(type, p)));
            }
            seeds.add(PcapWriter.classic(type.code(), ByteOrder.LITTLE_ENDIAN, false, frames));
            seeds.add(PcapWriter.classic(type.code(), ByteOrder.BIG_ENDIAN, true, frames));
            PcapWriter.Ng ng = new PcapWriter.Ng(ByteOrder.BIG_ENDIAN).iface(type.code(), 262144, 9, 0)
                    .iface(101, 64, 0x80 | 20, 0);
            for (int i = 0; i < ip.size(); i++) {
                ng.epb(0, t + i, frames.get(i).data());
                if (i % 3 == 0) {
                    ng.epb(1, t + i, ip.get(i));
                }
            }
            ng.section(ByteOrder.LITTLE_ENDIAN).iface(type.code()).spb(frames.get(0).data(), frames.get(0).data().length)
                    .epb(0, t, frames.get(2).data());
            seeds.add(ng.bytes());
        }
        return seeds;
    }
}
