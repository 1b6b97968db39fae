package io.msgr2.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.codec.Crc32c;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.SessionReconnect;
import io.msgr2.spec.wire.Bytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link CaptureReplay} on the reconnect capture: two real Pacific OSDs under Ceph's own fault
 * injection, 73 TCP connections. Every session is replayed (the lossless OSD session across
 * its 48 connections once as each OSD, every lossy connection as both its sides) and every
 * byte our side sends is Ceph's.
 */
class SessionConformTest {

    @Test
    void everySessionOfTheReconnectCaptureIsIdentical() throws IOException {
        CaptureReport r = CaptureReplay.run(PcapDumpTest.reconnectCapture(), Keys.NONE, 1024);
        String all = text(r);
        System.out.println(r.summary());
        assertTrue(r.identical(), all);
        assertEquals(26, r.sessions().size(), all);
        Counts n = r.counts();
        assertEquals(n.compared(), n.same(), all);
        long bytes = 0;
        for (Connection c : PcapDumpTest.reconnectCapture().connections()) {
            bytes += c.clientToServer().length() + c.serverToClient().length();
        }
        // auth none, no compression: nothing is taken from the capture, every byte is compared once
        assertEquals(0, n.takenTotal(), all);
        assertEquals(bytes, n.compared(), "every byte of the capture is compared once: " + all);
        long fed = payloads(PcapDumpTest.reconnectCapture());
        assertTrue(fed > 0, all);
        assertEquals(fed, n.fed(), all);
        SessionReport lossless = r.sessions().stream().filter(s -> s.title().contains("48 connections")).findFirst()
                .orElseThrow(() -> new AssertionError(all));
        assertTrue(lossless.title().contains("39 reconnects, 10 retries, 10 waits"), lossless.title());
        assertTrue(lossless.lines().stream().anyMatch(l -> l.startsWith("  as osd.0: identical: 325649 of 325649")),
                all);
        assertTrue(lossless.lines().stream().anyMatch(l -> l.startsWith("  as osd.1: identical: 902952 of 902952")),
                all);
        assertEquals(String.format("identical: %d of %d compared bytes in 26 sessions; taken from the capture: 0 bytes "
                + "(compression 0, missing keys 0); application payloads fed: %d bytes", bytes, bytes, fed), r.summary());
    }

    /** A changed msg_seq in one of osd.1's SESSION_RECONNECTs: the replay as osd.1 names the frame and the field. */
    @Test
    void aChangedSessionReconnectIsReportedWithItsFrameAndField() throws IOException {
        Capture capture = PcapDumpTest.reconnectCapture();
        List<Connection> conns = new ArrayList<>(capture.connections());
        int target = 22; // conn23: osd.1 -> osd.0's cluster port, RECONNECT with msg_seq 69
        Connection c = conns.get(target);
        Dissector.Direction up = Dissector.decode(c).client();
        int at = -1;
        for (int i = 0; i < up.frames().size(); i++) {
            Frame f = up.frames().get(i);
            if (f instanceof SessionReconnect rc && at < 0) {
                assertEquals(69, rc.msgSeq());
                int seg = up.spans().get(i).offset() + 32;
                int len = up.spans().get(i).info().wireLengths().get(0);
                byte[] b = c.clientToServer().toByteArray();
                at = seg + len - 8; // msg_seq is the segment's last le64
                b[at] ^= 0x02;
                int crc = (int) Crc32c.segment(Bytes.wrap(b, seg, len));
                for (int k = 0; k < 4; k++) {
                    b[seg + len + k] = (byte) (crc >>> 8 * k);
                }
                conns.set(target, new Connection(c.name(), Bytes.wrap(b), c.serverToClient(), c.tcp()));
            }
        }
        assertTrue(at > 0);
        CaptureReport r = CaptureReplay.run(new Capture(conns, capture.warnings(), 0), Keys.NONE, 1024);
        String all = text(r);
        assertFalse(r.identical(), all);
        assertTrue(all.contains(String.format("conn23 (conn23 127.0.0.1:38086 -> 127.0.0.1:6801 @ "
                + "2026-12-04T21:29:24.120637Z): first difference at byte 0x%x of our stream, in Ceph's frame 4 "
                + "SESSION_RECONNECT", at)), all);
        assertTrue(all.contains("field: msgSeq: ours 69, Ceph's 71"), all);
    }

    /**
     * The application payloads a replay of every session feeds: each MESSAGE of a lossy connection
     * (both sides are replayed), and each message of a lossless session once, by its sender and
     * seq (what it sends again after a reconnect is our side's own doing).
     */
    static long payloads(Capture capture) {
        List<CapturedConnection> conns = new ArrayList<>();
        for (int i = 0; i < capture.connections().size(); i++) {
            conns.add(CapturedConnection.of(i + 1, capture.connections().get(i)));
        }
        long fed = 0;
        for (CapturedSession s : CapturedSession.group(conns)) {
            Set<String> seen = new HashSet<>();
            int a = s.a().flatMap(CapturedSession::port).orElse(-1);
            int b = s.b().flatMap(CapturedSession::port).orElse(-1);
            for (CapturedConnection c : s.connections()) {
                int server = c.serverPort();
                int client = server == a ? b : a;
                for (Dissector.Direction d : List.of(c.conversation().client(), c.conversation().server())) {
                    int sender = d == c.conversation().client() ? client : server;
                    for (Frame f : d.frames()) {
                        if (f instanceof Message m && (!s.lossless() || seen.add(sender + "/" + m.header().seq()))) {
                            fed += Counts.payload(m);
                        }
                    }
                }
            }
        }
        return fed;
    }

    static String text(CaptureReport r) {
        StringBuilder sb = new StringBuilder();
        r.sessions().forEach(s -> {
            sb.append(s.summary()).append('\n');
            s.lines().forEach(l -> sb.append(l).append('\n'));
        });
        return sb.append(r.summary()).toString();
    }
}
