package io.msgr2.testkit;

import static io.msgr2.testkit.Scenarios.conn;
import static io.msgr2.testkit.Scenarios.dial;
import static io.msgr2.testkit.Scenarios.edit;
import static io.msgr2.testkit.Scenarios.msg;
import static io.msgr2.testkit.Scenarios.onlyConn;
import static io.msgr2.testkit.Scenarios.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.conn.CloseReason;
import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.ConnectionEvent;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.Phase;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.internal.SessionDecisions;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The historical Ceph messenger bugs of docs/facts/msgr2-session-facts.md §13 (B1-B18), each as a
 * scenario: the situation that went wrong in Ceph, and what must happen instead.
 */
class HistoricalBugsTest {
    /** A world of two lossless OSD peers that records what their applications see. */
    static final class World {
        final Sim sim;
        final Sim.Peer a;
        final Sim.Peer b;
        final Invariants inv;
        final List<Sim.Event> events = new ArrayList<>();

        World(long seed, boolean secure) {
            sim = new Sim(seed);
            a = sim.addPeer("osd.1", secure ? Configs.secure(Configs.osd(1)) : Configs.osd(1), Configs.v2(1, 6800, 101));
            b = sim.addPeer("osd.2", secure ? Configs.secure(Configs.osd(2)) : Configs.osd(2), Configs.v2(2, 6800, 202));
            inv = new Invariants(sim);
            sim.onEvent(events::add);
        }

        long delivered(String peer) {
            return events.stream().filter(e -> e instanceof Sim.Event.Delivered d && d.peer().equals(peer)).count();
        }

        long notified(String peer, ConnectionEvent ev) {
            return events.stream().filter(e -> e instanceof Sim.Event.Notified n && n.peer().equals(peer)
                    && n.event() == ev).count();
        }

        void clean() {
            assertEquals(List.of(), inv.violations(), () -> String.join("\n", sim.trace()));
        }
    }

    /** B1: a fault in any handshake state, before a session exists, must not bump connect_seq nor lose messages. */
    @Test
    void b1FaultsDuringTheHandshakeKeepConnectSeqAndMessages() {
        for (StateKind when : List.of(StateKind.BANNER_CONNECTING, StateKind.HELLO_CONNECTING, StateKind.AUTH_CONNECTING,
                StateKind.AUTH_CONNECTING_SIGN, StateKind.SESSION_CONNECTING)) {
            World w = new World(11, false);
            boolean[] done = {false};
            List<Long> connectSeqs = new ArrayList<>();
            w.sim.onStep(p -> {
                if (p == w.a) {
                    p.messenger().conns().forEach((id, c) -> {
                        connectSeqs.add(c.session().connectSeq());
                        if (!done[0] && c.kind() == when) {
                            done[0] = true;
                            w.sim.at(0, () -> w.sim.sever(w.a, id));
                        }
                    });
                }
            });
            w.sim.send(w.a, w.b, EntityType.OSD, msg("q1"));
            w.sim.send(w.a, w.b, EntityType.OSD, msg("q2"));
            w.sim.runUntil(5_000, 100_000);
            assertTrue(done[0], "reached " + when);
            assertEquals(2, w.delivered("osd.2"), when + "\n" + String.join("\n", w.sim.trace()));
            assertTrue(connectSeqs.stream().allMatch(cs -> cs == 0), when + ": " + connectSeqs);
            w.clean();
        }
    }

    /** B2: SERVER_IDENT lost, the acceptor reconnects first: RESET(not full), same cookie, nothing lost. */
    @Test
    void b2LostServerIdentThenTheAcceptorReconnects() {
        World w = new World(12, false);
        boolean[] once = {false};
        w.sim.onEvent(ev -> {
            if (ev instanceof Sim.Event.Notified n && n.peer().equals("osd.2") && !once[0]) {
                once[0] = true;
                w.sim.sever(w.b, n.conn());
                w.sim.at(0, () -> send(w.sim, w.b, n.conn(), "b1"));
            }
        });
        w.sim.send(w.a, w.b, EntityType.OSD, msg("a1"));
        w.sim.runUntil(5_000, 100_000);
        assertEquals(1, w.delivered("osd.1"));
        assertEquals(1, w.delivered("osd.2"));
        assertTrue(w.sim.trace().stream().anyMatch(l -> l.contains("SESSION_RESET full=false")));
        w.clean();
    }

    /** B3: a connect race whose winner faults before READY must still end with both sides READY. */
    @Test
    void b3RaceThenTheWinnerFaults() {
        World w = new World(13, false);
        boolean[] once = {false};
        w.sim.onEvent(ev -> {
            // the first SERVER_IDENT of the race is about to go out on osd.2: cut the winner there
            if (ev instanceof Sim.Event.Notified n && n.event() == ConnectionEvent.ACCEPTED && !once[0]) {
                once[0] = true;
                Sim.Peer p = n.peer().equals("osd.1") ? w.a : w.b;
                w.sim.sever(p, n.conn());
            }
        });
        w.sim.send(w.a, w.b, EntityType.OSD, msg("a1"));
        w.sim.send(w.b, w.a, EntityType.OSD, msg("b1"));
        w.sim.runUntil(60_000, 200_000);
        assertEquals(1, w.delivered("osd.1"));
        assertEquals(1, w.delivered("osd.2"));
        assertEquals(1, w.a.messenger().conns().filter(e -> e._2.kind() == StateKind.READY).size());
        assertEquals(1, w.b.messenger().conns().filter(e -> e._2.kind() == StateKind.READY).size());
        w.clean();
    }

    /** B4: a peer that goes silent after the TCP connect: the handshake times out and is retried. */
    @Test
    void b4BlackHoledPeerTimesOut() {
        World w = new World(14, false);
        w.sim.silence(w.b, 11_000);
        w.sim.send(w.a, w.b, EntityType.OSD, msg("a1"));
        w.sim.runUntil(10_500, 100_000);
        assertTrue(w.events.stream().anyMatch(e -> e instanceof Sim.Event.TransportClosed t
                && t.reason() instanceof CloseReason.TimedOut), String.join("\n", w.sim.trace()));
        w.sim.runUntil(60_000, 100_000);
        assertEquals(1, w.delivered("osd.2"));
        w.clean();
    }

    /** B5: a takeover hands over an authenticated connection; it never records a transcript again. */
    @Test
    void b5TakeoverNeverReenablesRecording() {
        World w = new World(15, true);
        long c = dial(w.sim, w.a, w.b, EntityType.OSD);
        w.sim.runUntil(100, 10_000);
        send(w.sim, w.a, c, "m1");
        w.sim.at(1, () -> w.sim.sever(w.a, c));
        w.sim.runUntil(1_000, 10_000);
        Conn survivor = conn(w.b, onlyConn(w.b));
        assertEquals(StateKind.READY, survivor.kind());
        assertTrue(!survivor.link().orElseThrow().transcript().recording());
        assertEquals(1, w.delivered("osd.2"));
        w.clean();
    }

    /** B6: repeated reconnects in secure and crc mode: every attempt starts fresh (codec, keys, transcript). */
    @Test
    void b6ManyReconnectsInBothModes() {
        for (boolean secure : List.of(false, true)) {
            World w = new World(16, secure);
            long c = dial(w.sim, w.a, w.b, EntityType.OSD);
            for (int i = 0; i < 20; i++) {
                int n = i;
                w.sim.at(200L * i + 50, () -> send(w.sim, w.a, c, "m" + n));
                w.sim.at(200L * i + 51, () -> w.sim.sever(w.a, c));
            }
            w.sim.runUntil(10_000, 500_000);
            assertEquals(20, w.delivered("osd.2"), "secure=" + secure);
            w.clean();
        }
    }

    /** B7: crypto is switched by an explicit effect ordered between the frames: after AUTH_DONE, before AUTH_SIGNATURE. */
    @Test
    void b7InstallSecureIsOrderedAfterAuthDone() {
        World w = new World(17, true);
        dial(w.sim, w.a, w.b, EntityType.OSD);
        w.sim.runUntil(100, 10_000);
        List<String> t = w.sim.trace();
        int done = indexOf(t, "osd.2#1 > AUTH_DONE");
        int sig = indexOf(t, "osd.2#1 > AUTH_SIGNATURE");
        assertTrue(done >= 0 && sig > done, String.join("\n", t));
        assertEquals(StateKind.READY, conn(w.b, onlyConn(w.b)).kind());
    }

    /** B8: a race decided while the existing connection is still early (no peer banner yet): framing comes from the adopted link. */
    @Test
    void b8TakeoverWhileTheExistingConnectionIsEarly() {
        World w = new World(18, false);
        // osd.2 (the larger address) dials first and slowly: osd.1's dial wins while osd.2's is still connecting
        w.sim.send(w.b, w.a, EntityType.OSD, msg("b1"));
        w.sim.runUntil(0, 10);
        w.sim.send(w.a, w.b, EntityType.OSD, msg("a1"));
        w.sim.runUntil(60_000, 100_000);
        assertEquals(1, w.delivered("osd.1"));
        assertEquals(1, w.delivered("osd.2"));
        w.clean();
    }

    /** B9: a lossy client comes back (same address): the registered server stops the old connection, with a reset. */
    @Test
    void b9LossyClientReconnectsToARegisteredServer() {
        Sim sim = new Sim(19);
        var mon = sim.addPeer("mon", Configs.withPolicy(new EntityName(EntityType.MON, "a"), 0,
                Policy.STATELESS_REGISTERED_SERVER), Configs.v2(1, 3300, 0));
        var cli = sim.addPeer("client", Configs.client("admin"), Configs.v2(2, 0, 55));
        List<Sim.Event> ev = new ArrayList<>();
        sim.onEvent(ev::add);
        dial(sim, cli, mon, EntityType.MON);
        sim.runUntil(100, 10_000);
        sim.silence(mon, 300); // the old TCP connection's close reaches the mon late
        sim.restart(cli, false);
        sim.runUntil(200, 10_000);
        dial(sim, cli, mon, EntityType.MON);
        sim.runUntil(1_000, 10_000);
        assertEquals(1, mon.messenger().conns().filter(e -> e._2.kind() == StateKind.READY).size());
        assertTrue(ev.stream().anyMatch(e -> e instanceof Sim.Event.Notified n && n.peer().equals("mon")
                && n.event() == ConnectionEvent.RESET), String.join("\n", sim.trace()));
    }

    /** B10: a duplicate MESSAGE is dropped and reading goes on (Pacific's reader stalls there). */
    @Test
    void b10DuplicateMessageIsDroppedAndReadingGoesOn() {
        World w = new World(20, false);
        long c = dial(w.sim, w.a, w.b, EntityType.OSD);
        w.sim.runUntil(100, 10_000);
        send(w.sim, w.a, c, "m1");
        w.sim.runUntil(200, 10_000);
        long bc = onlyConn(w.b);
        var m1 = conn(w.b, bc);
        var dup = new io.msgr2.spec.frame.Message(msg("m1").header().withSeq(1, 0), msg("m1").front(),
                msg("m1").middle(), msg("m1").data());
        w.sim.act(w.b, m -> m.onTransport(m.transportOf().get(bc).get(), new Input.FrameReceived(dup)));
        send(w.sim, w.a, c, "m2");
        w.sim.runUntil(400, 10_000);
        assertEquals(2, w.delivered("osd.2"));
        assertEquals(2, conn(w.b, bc).session().inSeq());
        assertTrue(m1.session().inSeq() == 1);
        w.clean();
    }

    /** B11: a peer restarts with the same address and nonce but a low global_seq: silent closes until it catches up. */
    @Test
    void b11RestartWithSameNonceAndLowGlobalSeq() {
        World w = new World(21, false);
        dial(w.sim, w.a, w.b, EntityType.OSD);
        w.sim.runUntil(100, 10_000);
        long bc = onlyConn(w.b);
        edit(w.b, bc, x -> x.withSession(x.session().withPeerGlobalSeq(12)));
        w.sim.restart(w.a, false);
        w.sim.runUntil(150, 10_000);
        w.sim.send(w.a, w.b, EntityType.OSD, msg("after restart"));
        w.sim.runUntil(600_000, 1_000_000);
        assertEquals(1, w.delivered("osd.2"), String.join("\n", w.sim.trace()));
        long stale = w.events.stream().filter(e -> e instanceof Sim.Event.TransportClosed t
                && t.reason() instanceof CloseReason.Stale).count();
        assertTrue(stale >= 1 && stale <= 12, "stale attempts " + stale);
        w.clean();
    }

    /** B12: RESET/RETRY must not ping-pong: schedules with frequent restarts all settle. */
    @Test
    void b12NoResetRetryLivelock() {
        for (long seed = 0; seed < 60; seed++) {
            var r = Chaos.run(seed * 3, new Chaos.Options(40, 0.05, 0.08, 60_000, 240_000, 0.03, 0.03, false));
            assertEquals(List.of(), r.violations(), "seed " + seed * 3);
        }
    }

    /** B13: mark_down while accepting: CLOSED is terminal, nothing is sent after it. */
    @Test
    void b13MarkDownDuringEveryAcceptorStep() {
        for (StateKind when : List.of(StateKind.BANNER_ACCEPTING, StateKind.HELLO_ACCEPTING, StateKind.AUTH_ACCEPTING,
                StateKind.AUTH_ACCEPTING_SIGN, StateKind.SESSION_ACCEPTING)) {
            World w = new World(22, false);
            boolean[] done = {false};
            w.sim.onStep(p -> {
                if (p == w.b && !done[0]) {
                    p.messenger().conns().forEach((id, c) -> {
                        if (!done[0] && c.kind() == when) {
                            done[0] = true;
                            w.sim.at(0, () -> w.sim.act(w.b, m -> m.onConnection(id, new Input.CloseRequested())));
                        }
                    });
                }
            });
            w.sim.send(w.a, w.b, EntityType.OSD, msg("a1"));
            w.sim.runUntil(60_000, 100_000);
            assertTrue(done[0], when.toString());
            // the message arrives, or its session was reset and the sender was told so
            assertTrue(w.delivered("osd.2") == 1 || w.notified("osd.1", ConnectionEvent.REMOTE_RESET) == 1,
                    when + "\n" + String.join("\n", w.sim.trace()));
            List<String> t = w.sim.trace();
            int closed = -1;
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).contains("osd.2#1 CLOSE LocallyClosed")) {
                    closed = i;
                }
                if (closed >= 0 && t.get(i).contains("osd.2#1 > ")) {
                    throw new AssertionError(when + ": osd.2#1 sent after it was closed: " + t.get(i));
                }
            }
            w.clean();
        }
    }

    /** B14: the server restarts with messages queued at the client: RESET(full), REMOTE_RESET, the queue is dropped. */
    @Test
    void b14ServerRestartDropsTheClientsQueue() {
        Sim sim = new Sim(24);
        var mds = sim.addPeer("mds", Configs.withPolicy(new EntityName(EntityType.MDS, "a"), 0, Policy.STATEFUL_SERVER),
                Configs.v2(1, 6801, 9));
        var cli = sim.addPeer("client", Configs.withPolicy(new EntityName(EntityType.CLIENT, "4"), 4,
                Policy.LOSSLESS_CLIENT), Configs.v2(2, 0, 44));
        List<Sim.Event> ev = new ArrayList<>();
        sim.onEvent(ev::add);
        long c = dial(sim, cli, mds, EntityType.MDS);
        sim.runUntil(100, 10_000);
        sim.silence(mds, 100);
        for (int i = 0; i < 3; i++) {
            send(sim, cli, c, "queued " + i);
        }
        sim.runUntil(150, 10_000);
        sim.restart(mds, false);
        sim.runUntil(5_000, 100_000);
        assertTrue(sim.trace().stream().anyMatch(l -> l.contains("SESSION_RESET full=true")), String.join("\n", sim.trace()));
        assertTrue(ev.stream().anyMatch(e -> e instanceof Sim.Event.Notified n && n.peer().equals("client")
                && n.event() == ConnectionEvent.REMOTE_RESET));
        assertTrue(ev.stream().noneMatch(e -> e instanceof Sim.Event.Delivered d && d.peer().equals("mds")));
        assertEquals(StateKind.READY, conn(cli, c).kind());
    }

    /** B15: the TX side running out of nonces is a fault, and the reconnect starts over with fresh keys. */
    @Test
    void b15OutOfNoncesIsAFault() {
        World w = new World(25, true);
        long c = dial(w.sim, w.a, w.b, EntityType.OSD);
        w.sim.runUntil(100, 10_000);
        w.sim.act(w.a, m -> m.onTransport(m.transportOf().get(c).get(), new Input.OutputRefused("out of nonces")));
        send(w.sim, w.a, c, "after");
        w.sim.runUntil(2_000, 10_000);
        assertTrue(w.events.stream().anyMatch(e -> e instanceof Sim.Event.TransportClosed t
                && t.reason() instanceof CloseReason.SendRefused));
        assertEquals(1, w.delivered("osd.2"));
        assertEquals(StateKind.READY, conn(w.a, c).kind());
        w.clean();
    }

    /** B16: a takeover of an existing connection that has no TCP connection at the moment (waiting to redial). */
    @Test
    void b16TakeoverOfAConnectionWithoutTransport() {
        World w = new World(26, false);
        w.sim.silence(w.b, 10_100);
        w.sim.send(w.b, w.a, EntityType.OSD, msg("b1")); // osd.2's dial hangs, times out, backs off
        w.sim.runUntil(10_150, 100_000);
        w.sim.send(w.a, w.b, EntityType.OSD, msg("a1"));
        w.sim.runUntil(60_000, 100_000);
        assertEquals(1, w.delivered("osd.1"));
        assertEquals(1, w.delivered("osd.2"));
        w.clean();
    }

    /** B17: an incoming CLIENT_IDENT whose address equals ours in a connect race: the incoming one loses, nothing aborts. */
    @Test
    void b17EqualAddressesInAConnectRace() {
        World w = new World(27, false);
        w.sim.send(w.a, w.b, EntityType.OSD, msg("a1"));
        w.sim.runUntil(3, 100);
        Conn outgoing = conn(w.a, onlyConn(w.a));
        Conn incoming = outgoing.withSession(outgoing.session().withCookies(12345, 0)
                .withPeer(outgoing.session().peer().withIdent(1, w.a.addrs(), 0)));
        var d = SessionDecisions.onClientIdent(incoming, Optional.of(outgoing), w.a.addrs().msgr2Addr());
        assertInstanceOf(SessionDecisions.OnIdent.Wait.class, d);
    }

    /** B18: RETRY_GLOBAL above 2^32: the next attempt's global_seq is above it (64-bit, no truncation). */
    @Test
    void b18RetryGlobalAboveTwoToTheThirtyTwo() {
        World w = new World(28, false);
        long c = dial(w.sim, w.a, w.b, EntityType.OSD);
        w.sim.runUntil(100, 10_000);
        send(w.sim, w.a, c, "m1");
        w.sim.at(1, () -> w.sim.sever(w.a, c));
        w.sim.runUntil(101, 10_000);
        long bc = onlyConn(w.b);
        long hint = (1L << 33) + 5;
        edit(w.b, bc, x -> x.withSession(x.session().withPeerGlobalSeq(hint)));
        w.sim.runUntil(2_000, 10_000);
        assertTrue(conn(w.a, c).session().globalSeq() > hint);
        assertEquals(StateKind.READY, conn(w.a, c).kind());
        w.clean();
    }

    private static int indexOf(List<String> trace, String part) {
        for (int i = 0; i < trace.size(); i++) {
            if (trace.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    static Phase phaseOf(Conn c) {
        return c.phase();
    }
}
