package io.msgr2.conform.pcap;

import static io.msgr2.conform.pcap.Frames.ACK;
import static io.msgr2.conform.pcap.Frames.FIN;
import static io.msgr2.conform.pcap.Frames.PSH;
import static io.msgr2.conform.pcap.Frames.RST;
import static io.msgr2.conform.pcap.Frames.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.wire.Bytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TcpReassemblyTest {
    static final Instant START = Instant.parse("2026-12-04T20:11:05.123456Z");
    static final long T0 = START.getEpochSecond() * 1_000_000_000L + START.getNano();

    static Flow flow() {
        return new Flow("127.0.0.1", 38010, "127.0.0.1", 6801, T0);
    }

    /** SYN, SYN-ACK, ACK with client ISN 1000 and server ISN 5000: data starts at 1001 and 5001. */
    static Flow handshake() {
        return flow().client(1000, SYN, "").server(5000, SYN | ACK, "").client(1001, ACK, "");
    }

    static TcpConnection only(TcpCapture capture) {
        assertEquals(1, capture.connections().size(), () -> capture.connections().toString());
        return capture.connections().get(0);
    }

    static String text(TcpStream s) {
        return new String(s.bytes().toByteArray(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void aWholeConversation() {
        Flow f = handshake()
                .client(1001, ACK | PSH, "hello ").client(1007, ACK | PSH, "world")
                .server(5001, ACK | PSH, "banner")
                .client(1012, FIN | ACK, "").server(5007, FIN | ACK, "").client(1013, ACK, "");
        TcpCapture capture = TcpReassembly.of(f.packets());
        TcpConnection c = only(capture);
        assertEquals("127.0.0.1:38010", c.client().toString());
        assertEquals("127.0.0.1:6801", c.server().toString());
        assertTrue(c.synSeen());
        assertEquals(T0, c.startNanos());
        assertEquals("127.0.0.1:38010 -> 127.0.0.1:6801 @ 2026-12-04T20:11:05.123456Z", c.name());
        assertEquals("hello world", text(c.clientToServer()));
        assertEquals("banner", text(c.serverToClient()));
        assertEquals(List.of(new TcpStream.Arrival(0, 6, T0 + 3 * Flow.STEP), new TcpStream.Arrival(6, 5, T0 + 4 * Flow.STEP)),
                c.clientToServer().arrivals());
        assertEquals(T0 + 3 * Flow.STEP, c.clientToServer().timeOf(0));
        assertEquals(T0 + 3 * Flow.STEP, c.clientToServer().timeOf(5));
        assertEquals(T0 + 4 * Flow.STEP, c.clientToServer().timeOf(6));
        assertEquals(T0 + 4 * Flow.STEP, c.clientToServer().timeOf(10));
        assertThrows(IndexOutOfBoundsException.class, () -> c.clientToServer().timeOf(11));
        assertThrows(IndexOutOfBoundsException.class, () -> c.clientToServer().timeOf(-1));
        assertEquals(new TcpEnding.Fin(TcpConnection.Side.CLIENT, T0 + 6 * Flow.STEP), c.ending());
        assertEquals(T0 + 7 * Flow.STEP, c.serverToClient().finNanos().getAsLong());
        assertTrue(c.clientToServer().complete());
        assertTrue(c.serverToClient().complete());
        assertEquals(0, c.clientToServer().retransmittedBytes());
        assertEquals(List.of(), capture.warnings());
    }

    @Test
    void anOpenConnectionAndAnEmptyStream() {
        TcpConnection c = only(TcpReassembly.of(handshake().client(1001, ACK, "ping").packets()));
        assertEquals(TcpEnding.OPEN, c.ending());
        assertEquals(Bytes.EMPTY, c.serverToClient().bytes());
        assertTrue(c.serverToClient().arrivals().isEmpty());
        assertThrows(IndexOutOfBoundsException.class, () -> c.serverToClient().timeOf(0));
    }

    @Test
    void identicalRetransmissionsAreCountedOnce() {
        Flow f = handshake()
                .client(1001, ACK, "abcdef").client(1001, ACK, "abcdef") // whole segment again
                .client(1003, ACK, "cdefgh"); // overlaps 4 bytes, adds 2
        TcpCapture capture = TcpReassembly.of(f.packets());
        TcpStream s = only(capture).clientToServer();
        assertEquals("abcdefgh", text(s));
        assertEquals(10, s.retransmittedBytes());
        assertFalse(s.retransmissionDiffered());
        assertEquals(T0 + 5 * Flow.STEP, s.timeOf(6));
        assertEquals(List.of(), capture.warnings());
    }

    @Test
    void differingRetransmissionsKeepTheFirstCopy() {
        Flow f = handshake().client(1001, ACK, "abcd").client(1003, ACK, "XYef");
        TcpCapture capture = TcpReassembly.of(f.packets());
        TcpStream s = only(capture).clientToServer();
        assertEquals("abcdef", text(s));
        assertEquals(2, s.retransmittedBytes());
        assertTrue(s.retransmissionDiffered());
        assertTrue(capture.warnings().stream().anyMatch(w -> w.contains("client->server: retransmitted bytes differ")),
                capture.warnings()::toString);
    }

    @Test
    void outOfOrderSegmentsWaitForTheHole() {
        Flow f = handshake().server(5001, ACK, "ccc"); // the other direction stays apart
        f.client(1011, ACK, "third").client(1001, ACK, "first").client(1006, ACK, "secnd");
        TcpConnection c = only(TcpReassembly.of(f.packets()));
        TcpStream s = c.clientToServer();
        assertEquals("firstsecndthird", text(s));
        assertTrue(s.complete());
        assertEquals(0, s.retransmittedBytes());
        assertEquals(T0 + 5 * Flow.STEP, s.timeOf(0));
        assertEquals(T0 + 6 * Flow.STEP, s.timeOf(5));
        assertEquals(T0 + 4 * Flow.STEP, s.timeOf(14));
        assertEquals("ccc", text(c.serverToClient()));
    }

    @Test
    void aHoleThatNeverFillsEndsTheStream() {
        Flow f = handshake().client(1001, ACK, "abcd").client(1011, ACK, "klmn").client(1015, FIN | ACK, "");
        TcpCapture capture = TcpReassembly.of(f.packets());
        TcpStream s = only(capture).clientToServer();
        assertEquals("abcd", text(s));
        assertEquals(List.of(new TcpStream.Gap(4, 6, TcpStream.Gap.Cause.LOST)), s.gaps());
        assertFalse(s.complete());
        assertTrue(capture.warnings().stream().anyMatch(w -> w.endsWith(
                "client->server: stream stops at offset 4, 6 bytes never captured; 4 captured bytes after it left out")),
                capture.warnings()::toString);
    }

    @Test
    void aLostTailShowsByTheFin() {
        Flow f = handshake().client(1001, ACK, "abcd").client(1011, FIN | ACK, "");
        TcpStream s = only(TcpReassembly.of(f.packets())).clientToServer();
        assertEquals("abcd", text(s));
        assertEquals(List.of(new TcpStream.Gap(4, 6, TcpStream.Gap.Cause.LOST)), s.gaps());
    }

    @Test
    void aResetCutsTheConnection() {
        Flow f = handshake().client(1001, ACK | PSH, "request").server(5001, ACK | PSH, "partial repl")
                .client(1008, RST | ACK, "");
        TcpConnection c = only(TcpReassembly.of(f.packets()));
        assertEquals("request", text(c.clientToServer()));
        assertEquals("partial repl", text(c.serverToClient()));
        assertEquals(new TcpEnding.Reset(TcpConnection.Side.CLIENT, T0 + 5 * Flow.STEP), c.ending());
        assertEquals(T0 + 5 * Flow.STEP, c.clientToServer().rstNanos().getAsLong());
        assertTrue(c.serverToClient().rstNanos().isEmpty());
    }

    @Test
    void aResetAfterAFinStillCountsAsReset() {
        Flow f = handshake().server(5001, FIN | ACK, "").client(1001, RST, "");
        TcpConnection c = only(TcpReassembly.of(f.packets()));
        assertEquals(new TcpEnding.Reset(TcpConnection.Side.CLIENT, T0 + 4 * Flow.STEP), c.ending());
        assertEquals(T0 + 3 * Flow.STEP, c.serverToClient().finNanos().getAsLong());
    }

    @Test
    void snaplenTruncatedPayloadIsAGap() {
        Flow f = handshake().client(1001, ACK, "abcd").clientCut(1005, ACK, "efghijklmn", 3).client(1015, ACK, "opq");
        TcpCapture capture = TcpReassembly.of(f.packets());
        TcpStream s = only(capture).clientToServer();
        assertEquals("abcdefg", text(s));
        assertEquals(List.of(new TcpStream.Gap(7, 7, TcpStream.Gap.Cause.NOT_CAPTURED)), s.gaps());
        assertTrue(capture.warnings().contains("1 TCP segments cut by the snapshot length: 7 payload bytes not captured"),
                capture.warnings()::toString);
        assertTrue(capture.warnings().stream().anyMatch(w -> w.contains("7 bytes cut by the snapshot length")),
                capture.warnings()::toString);
    }

    @Test
    void aRetransmissionFillsATruncatedSegment() {
        Flow f = handshake().clientCut(1001, ACK, "abcdefgh", 2).client(1001, ACK, "abcdefgh");
        TcpStream s = only(TcpReassembly.of(f.packets())).clientToServer();
        assertEquals("abcdefgh", text(s));
        assertTrue(s.complete());
        assertEquals(2, s.retransmittedBytes());
    }

    @Test
    void sequenceNumbersWrapAround() {
        long isn = 0xfffffff0L;
        Flow f = flow().client(isn, SYN, "").server(0xffffffffL, SYN | ACK, "");
        StringBuilder expected = new StringBuilder();
        long seq = isn + 1;
        for (int i = 0; i < 6; i++) {
            String chunk = "chunk" + i + "-";
            f.client(seq & 0xffffffffL, ACK, chunk);
            expected.append(chunk);
            seq += chunk.length();
        }
        f.server(0, ACK, "from zero");
        TcpConnection c = only(TcpReassembly.of(f.packets()));
        assertEquals(expected.toString(), text(c.clientToServer()));
        assertEquals("from zero", text(c.serverToClient()));
        assertTrue(c.clientToServer().complete());
    }

    @Test
    void aNewSynAfterFinOrRstIsANewConnection() {
        List<Packet> packets = new ArrayList<>();
        Flow first = new Flow("127.0.0.1", 38010, "127.0.0.1", 6801, T0, packets);
        first.client(1000, SYN, "").server(5000, SYN | ACK, "").client(1001, ACK, "one")
                .client(1004, FIN | ACK, "").server(5001, FIN | ACK, "").client(1005, ACK, "");
        Flow second = new Flow("127.0.0.1", 38010, "127.0.0.1", 6801, first.now(), packets);
        second.client(9000, SYN, "").server(7000, SYN | ACK, "").client(9001, ACK, "two")
                .server(7001, RST, "");
        Flow third = new Flow("127.0.0.1", 38010, "127.0.0.1", 6801, second.now(), packets);
        third.client(100, SYN, "").client(100, SYN, "").server(200, SYN | ACK, "").client(101, ACK, "three");
        TcpCapture capture = TcpReassembly.of(packets);
        assertEquals(3, capture.connections().size());
        assertEquals(List.of("one", "two", "three"),
                capture.connections().stream().map(c -> text(c.clientToServer())).toList());
        assertTrue(capture.connections().get(0).ending() instanceof TcpEnding.Fin);
        assertEquals(new TcpEnding.Reset(TcpConnection.Side.SERVER, packets.get(9).timeNanos()),
                capture.connections().get(1).ending());
        assertEquals(TcpEnding.OPEN, capture.connections().get(2).ending());
        assertEquals(List.of(), capture.warnings());
    }

    @Test
    void aNewSynOnAnOpenConnectionIsANewConnectionWithAWarning() {
        Flow f = handshake().client(1001, ACK, "old").client(4242, SYN, "").client(4243, ACK, "new");
        TcpCapture capture = TcpReassembly.of(f.packets());
        assertEquals(2, capture.connections().size());
        assertEquals("new", text(capture.connections().get(1).clientToServer()));
        assertTrue(capture.warnings().stream().anyMatch(w -> w.contains("had not ended")), capture.warnings()::toString);
    }

    @Test
    void withoutSynTheFirstSenderIsTheClient() {
        Flow f = flow().server(5001, ACK, "from the server").client(1001, ACK, "reply");
        TcpCapture capture = TcpReassembly.of(f.packets());
        TcpConnection c = only(capture);
        assertFalse(c.synSeen());
        assertEquals("127.0.0.1:6801", c.client().toString());
        assertEquals("from the server", text(c.clientToServer()));
        assertEquals("reply", text(c.serverToClient()));
        assertTrue(capture.warnings().stream().anyMatch(w -> w.contains("no SYN captured")), capture.warnings()::toString);
    }

    @Test
    void aSynAckFirstMakesItsReceiverTheClient() {
        Flow f = flow().server(5000, SYN | ACK, "").client(1001, ACK, "hi").server(5001, ACK, "yo");
        TcpConnection c = only(TcpReassembly.of(f.packets()));
        assertFalse(c.synSeen());
        assertEquals("127.0.0.1:38010", c.client().toString());
        assertEquals("hi", text(c.clientToServer()));
        assertEquals("yo", text(c.serverToClient()));
    }

    @Test
    void ipv6EndpointsAndNames() {
        Flow f = new Flow("::1", 38010, "fe80::1:0:0:2", 6801, T0).client(1, SYN, "").client(2, ACK, "v6");
        TcpConnection c = only(TcpReassembly.of(f.packets()));
        assertEquals("[::1]:38010 -> [fe80::1:0:0:2]:6801 @ 2026-12-04T20:11:05.123456Z", c.name());
        assertEquals("v6", text(c.clientToServer()));
    }

    @Test
    void connectionsComeInTheOrderTheyStarted() {
        List<Packet> packets = new ArrayList<>();
        new Flow("10.0.0.1", 1111, "10.0.0.2", 6800, T0 + 500, packets).client(1, SYN, "").client(2, ACK, "late");
        new Flow("10.0.0.1", 2222, "10.0.0.2", 6800, T0, packets).client(1, SYN, "").client(2, ACK, "early");
        TcpCapture capture = TcpReassembly.of(packets);
        assertEquals(List.of(2222, 1111), capture.connections().stream().map(c -> c.client().port()).toList());
    }

    /**
     * Random streams cut into random segments, delivered in a shuffled order with duplicates:
     * the stream comes back whole, every extra copy counts as retransmitted, and each byte's
     * time is that of the first packet that carried it.
     */
    @Test
    void randomSegmentationReassemblesExactly() {
        SplittableRandom random = new SplittableRandom(20261204);
        for (int round = 0; round < 150; round++) {
            byte[] data = new byte[random.nextInt(1, 3000)];
            random.nextBytes(data);
            long isn = random.nextLong(1L << 32);
            List<long[]> segments = new ArrayList<>(); // {offset, length}
            for (int at = 0; at < data.length; ) {
                int n = Math.min(data.length - at, random.nextInt(1, 300));
                segments.add(new long[] {at, n});
                at += n;
            }
            int copies = random.nextInt(0, 5);
            for (int i = 0; i < copies; i++) {
                int from = random.nextInt(data.length);
                segments.add(new long[] {from, random.nextInt(1, data.length - from + 1)});
            }
            // shuffle locally, as a network would: swap neighbours within a small window
            for (int i = 0; i < segments.size(); i++) {
                int j = Math.min(segments.size() - 1, i + random.nextInt(0, 4));
                Collections.swap(segments, i, j);
            }
            Flow f = flow().client(isn, SYN, "");
            long sent = 0;
            long[] firstTime = new long[data.length];
            java.util.Arrays.fill(firstTime, -1);
            for (long[] s : segments) {
                int off = (int) s[0];
                int len = (int) s[1];
                long time = f.now();
                for (int k = off; k < off + len; k++) {
                    if (firstTime[k] < 0) {
                        firstTime[k] = time;
                    }
                }
                f.client((isn + 1 + off) & 0xffffffffL, ACK, java.util.Arrays.copyOfRange(data, off, off + len));
                sent += len;
            }
            TcpCapture capture = TcpReassembly.of(f.packets());
            TcpStream s = only(capture).clientToServer();
            assertEquals(Bytes.wrap(data), s.bytes(), "round " + round);
            assertEquals(sent - data.length, s.retransmittedBytes(), "round " + round);
            assertFalse(s.retransmissionDiffered());
            assertTrue(s.complete());
            for (int k = 0; k < 20; k++) {
                int off = random.nextInt(data.length);
                assertEquals(firstTime[off], s.timeOf(off), "round " + round + " offset " + off);
            }
            long covered = 0;
            for (TcpStream.Arrival a : s.arrivals()) {
                assertEquals(covered, a.offset());
                covered += a.length();
            }
            assertEquals(data.length, covered);
            assertEquals(List.of(), capture.warnings());
        }
    }
}
