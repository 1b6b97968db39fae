package io.msgr2.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MessageType;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.testkit.CephLab;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session layer against a real OSD: a Java {@code osd.9} opens a lossless_peer session to
 * osd.0's cluster address through a {@link SessionProxy} that cuts the TCP connection again
 * and again, and streams CEPH_MSG_PING messages (the OSD's dispatcher accepts and drops them:
 * "ping from osd.9"; the messenger acknowledges each). Every cut ends in SESSION_RECONNECT and
 * SESSION_RECONNECT_OK, after which we replay exactly what the OSD had not acknowledged; the
 * acknowledgements reach N with no gap. Then osd.0 restarts (new nonce, sessions lost): our
 * reconnect meets the reset path and the application hears of it exactly once.
 */
final class LosslessSessions {
    static final int MESSAGES = 1500;

    private LosslessSessions() {}

    static void run(CephLab lab, long seed) throws Exception {
        String keyring = lab.ceph("auth", "get-or-create", "osd.9", "mon", "allow profile osd", "osd", "allow *", "mgr",
                "allow profile osd");
        Matcher k = Pattern.compile("key = (\\S+)").matcher(keyring);
        assertTrue(k.find(), keyring);
        CryptoKey key = CryptoKey.fromBase64(k.group(1)).orElseThrow();
        Cluster cl = cluster(lab.osdDump());
        EntityName me = new EntityName(EntityType.OSD, "9");
        List<String> trace = new CopyOnWriteArrayList<>();
        AtomicInteger resets = new AtomicInteger();
        try (SessionProxy proxy = new SessionProxy(cl.addr(), cl.nonce(), cl.nonce(), seed, 1500, 9000);
             Msgr2Messenger m = Msgr2Messenger.client(MessengerOptions.builder().name(me).gid(9)
                     .auth(CephxConfig.client(me, key).withModes(List.of(ConnectionMode.CRC)))
                     .putPolicies(EntityType.OSD, Policy.LOSSLESS_PEER).tracer(trace::add).build(), new Msgr2Listener() {
                         @Override
                         public void onReset(Msgr2Connection c) {
                             resets.incrementAndGet();
                         }

                         @Override
                         public void onRemoteReset(Msgr2Connection c) {
                             resets.incrementAndGet();
                         }
                     })) {
            m.connect(lab.monAddr(), EntityType.MON).awaitReady(Duration.ofSeconds(10));
            Msgr2Connection c = m.connect(proxy.addrs(), EntityType.OSD);
            byte[] front = new byte[200];
            for (int i = 1; i <= MESSAGES; i++) {
                front[0] = (byte) i;
                c.send(new Message(MsgHeader2.of(MessageType.PING, MsgHeader2.PRIO_DEFAULT, 1, 1), Bytes.wrap(front.clone()),
                        Bytes.EMPTY, Bytes.EMPTY));
                if (i % 20 == 0) {
                    Thread.sleep(20); // let cuts land while messages are in flight
                }
            }
            awaitAcked(c, MESSAGES, Duration.ofSeconds(120), trace);
            assertTrue(proxy.cuts.get() >= 50, "only " + proxy.cuts.get() + " cuts");
            assertEquals(0, resets.get(), "a reconnect is not a reset");
            checkReplays(trace);

            // the OSD restarts: same ports, a new nonce, no sessions
            proxy.cutting(false);
            String fresh = lab.restartOsd();
            proxy.upstreamNonce(cluster(lab.osdDump()).nonce());
            for (int i = 1; i <= 20; i++) {
                c.send(new Message(MsgHeader2.of(MessageType.PING, MsgHeader2.PRIO_DEFAULT, 1, 1), Bytes.wrap(front),
                        Bytes.EMPTY, Bytes.EMPTY));
            }
            awaitAcked(c, 20, Duration.ofSeconds(120), trace);
            Thread.sleep(500);
            assertEquals(1, resets.get(), "exactly one reset notification after the restart (" + fresh + ")\n"
                    + tail(trace));
            System.err.println("lossless session against " + CephLab.version(lab.root()) + ": " + MESSAGES
                    + " messages acknowledged through " + proxy.cuts.get() + " cuts on " + proxy.connections.get()
                    + " TCP connections; after the restart: " + resets.get() + " reset, "
                    + trace.stream().filter(l -> l.contains("< SESSION_RESET") || l.contains("< SESSION_RETRY_GLOBAL"))
                    .map(l -> l.substring(l.indexOf('<'))).distinct().toList());
        }
    }

    record Cluster(InetSocketAddress addr, int nonce) {}

    static Cluster cluster(String dump) {
        Matcher m = Pattern.compile("\"osd\":0,.*?\"cluster_addrs\":\\{\"addrvec\":\\[\\{\"type\":\"v2\",\"addr\":"
                + "\"([0-9.]+):(\\d+)\",\"nonce\":(\\d+)").matcher(dump);
        assertTrue(m.find(), dump);
        return new Cluster(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))),
                (int) Long.parseLong(m.group(3)));
    }

    /** Waits until the session's last {@code n} messages are acknowledged: nothing unacknowledged, READY. */
    static void awaitAcked(Msgr2Connection c, int n, Duration timeout, List<String> trace) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var s = c.snapshot();
            if (s.kind() == StateKind.READY && s.session().out().sent().isEmpty() && s.session().out().nothingQueued()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not everything acknowledged: " + c.snapshot().kind() + ", unacked "
                + c.snapshot().session().out().sent().size() + "\n" + tail(trace));
    }

    /**
     * From the trace: every SESSION_RECONNECT_OK(msg_seq = X) is followed (before the next
     * reconnect) by MESSAGE seq X+1 if anything went out at all: we replay exactly what the
     * OSD lacked; acknowledgements (ACK frames, and the msg_seq of SESSION_RECONNECT_OK) never
     * go backwards across TCP connections and end at the last message sent.
     */
    static void checkReplays(List<String> trace) {
        Pattern ok = Pattern.compile("< SESSION_RECONNECT_OK msg_seq=(\\d+)");
        Pattern msg = Pattern.compile("> MESSAGE seq=(\\d+)");
        Pattern ack = Pattern.compile("< ACK seq=(\\d+)");
        long expectNext = -1;
        long lastAck = 0;
        int reconnects = 0;
        for (String l : trace) {
            Matcher o = ok.matcher(l);
            if (o.find()) {
                long seq = Long.parseLong(o.group(1));
                expectNext = seq + 1;
                assertTrue(seq >= lastAck, "the OSD had acknowledged more than it now says: " + l);
                // msg_seq is an acknowledgement too: a cut between the OSD's receipt of the last
                // messages and its ACK leaves SESSION_RECONNECT_OK as the only word that they arrived
                lastAck = seq;
                reconnects++;
                continue;
            }
            Matcher mm = msg.matcher(l);
            if (mm.find() && expectNext >= 0) {
                assertEquals(expectNext, Long.parseLong(mm.group(1)), "the first message after a reconnect: " + l);
                expectNext = -1;
            }
            Matcher a = ack.matcher(l);
            if (a.find()) {
                lastAck = Math.max(lastAck, Long.parseLong(a.group(1)));
            }
        }
        assertTrue(reconnects >= 40, "only " + reconnects + " SESSION_RECONNECT_OK");
        long last = lastAck;
        assertEquals(MESSAGES, last, () -> "the acknowledgements (ACK or SESSION_RECONNECT_OK) end at the last message\n"
                + tail(trace));
    }

    static String tail(List<String> trace) {
        return String.join("\n", trace.subList(Math.max(0, trace.size() - 60), trace.size()));
    }
}
