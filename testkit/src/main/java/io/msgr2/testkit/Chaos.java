package io.msgr2.testkit;

import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.ConnectionEvent;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One seeded fault schedule: two peers of a randomly chosen kind exchange messages while
 * the simulator cuts their connections at random bytes, delays them, and restarts peers
 * (same or new address nonce); then the faults stop and the world must settle. Every step
 * is checked by {@link Invariants}; on crc connections senders also repeat and replay
 * messages on purpose ({@link Replays}). When the faults stop, each side that may dial sends
 * one more message (so that a session the other side still holds for a restarted peer is
 * settled one way or the other), and once things are quiet, liveness: every message sent
 * on a lossless session arrived exactly once unless that session's loss was notified
 * ({@link Liveness}), no READY lossless session still waits for an acknowledgement, nothing
 * is stuck mid-handshake, and each side has at most one live connection to the other.
 */
public final class Chaos {
    /**
     * A schedule's knobs. {@code duplicatePerMessage} and {@code replayPerMessage}: on crc
     * connections, how often a sender repeats a MESSAGE frame at once, or sends an earlier
     * one again after it ({@link Replays}).
     */
    public record Options(int messages, double cutPerSend, double restartPerMessage, long faultWindowMs,
                          long settleMs, double duplicatePerMessage, double replayPerMessage, boolean trace) {
        public static final Options DEFAULT = new Options(40, 0.04, 0.01, 60_000, 240_000, 0.03, 0.03, false);

        public Options withTrace(boolean on) {
            return new Options(messages, cutPerSend, restartPerMessage, faultWindowMs, settleMs, duplicatePerMessage,
                    replayPerMessage, on);
        }
    }

    /** {@code fates}: what became of every send ({@link Liveness}); {@code duplicates}, {@code replays}: injected. */
    public record Report(long seed, String topology, long cuts, long restarts, long connects, long delivered,
                         long resets, java.util.Map<io.msgr2.spec.frame.Tag, Long> frames,
                         java.util.Map<Liveness.Fate, Long> fates, long duplicates, long replays,
                         List<String> violations, List<String> trace) {
        public long faults() {
            return cuts + restarts;
        }
    }

    /** The pairs of peers a schedule can run. */
    enum Topology { OSD_OSD, CLIENT_MDS, CLIENT_MON }

    private Chaos() {}

    public static Report run(long seed, Options o) {
        Sim sim = new Sim(seed);
        sim.traceEnabled(o.trace());
        Topology topo = Topology.values()[Math.floorMod(seed, Topology.values().length)];
        // schedules rotate through auth none (crc), cephx in crc mode and cephx in secure mode
        int variant = Math.floorMod(seed / Topology.values().length, 3);
        boolean cephx = variant > 0;
        boolean secure = variant == 2;
        // and cephx schedules alternate between aes (Pacific) and aes256k (Tentacle) keys, by blocks of 18
        boolean aes256k = Math.floorMod(seed / 18, 2) == 1;
        CephxWorld world = new CephxWorld(seed, List.of(new EntityName(EntityType.OSD, "1"),
                new EntityName(EntityType.OSD, "2"), new EntityName(EntityType.CLIENT, "7"),
                new EntityName(EntityType.MDS, "a"), new EntityName(EntityType.CLIENT, "8"),
                new EntityName(EntityType.MON, "a")), aes256k ? io.msgr2.spec.auth.cephx.CryptoKey.TYPE_AES256K
                : io.msgr2.spec.auth.cephx.CryptoKey.TYPE_AES);
        // and every other group of nine dials with optimistic pipelining
        boolean pipelining = Math.floorMod(seed / (3L * Topology.values().length), 2) == 1;
        java.util.function.UnaryOperator<io.msgr2.spec.conn.Config> mode = c -> {
            // every connection runs the compression exchange; OSD pairs compress every frame
            io.msgr2.spec.conn.Compression compression = topo == Topology.OSD_OSD
                    ? io.msgr2.spec.conn.Compression.force(List.of(io.msgr2.spec.wire.CompressionMethod.ZSTD,
                            io.msgr2.spec.wire.CompressionMethod.SNAPPY)).withMinSize(0)
                    : io.msgr2.spec.conn.Compression.DECLINE;
            io.msgr2.spec.conn.Config d = io.msgr2.spec.conn.ImmutableConfig.builder().from(c).pipelining(pipelining)
                    .compression(compression).build();
            return !cephx ? d : world.apply(d, List.of(secure ? ConnectionMode.SECURE : ConnectionMode.CRC));
        };
        Sim.Peer a;
        Sim.Peer b;
        EntityType aType;
        EntityType bType;
        switch (topo) {
            case OSD_OSD -> {
                a = sim.addPeer("osd.1", mode.apply(Configs.osd(1)), Configs.v2(1, 6800, 101));
                b = sim.addPeer("osd.2", mode.apply(Configs.osd(2)), Configs.v2(2, 6800, 202));
                aType = EntityType.OSD;
                bType = EntityType.OSD;
            }
            case CLIENT_MDS -> {
                a = sim.addPeer("client.7", mode.apply(Configs.withPolicy(new EntityName(EntityType.CLIENT, "7"), 7,
                        Policy.LOSSLESS_CLIENT)), Configs.v2(3, 0, 7));
                b = sim.addPeer("mds.a", mode.apply(Configs.withPolicy(new EntityName(EntityType.MDS, "a"), 0,
                        Policy.STATEFUL_SERVER)), Configs.v2(4, 6801, 404));
                aType = EntityType.CLIENT;
                bType = EntityType.MDS;
            }
            default -> {
                a = sim.addPeer("client.8", mode.apply(Configs.client("8")), Configs.clientAddr(8));
                b = sim.addPeer("mon.a", mode.apply(Configs.mon("a")), Configs.v2(5, 3300, 0));
                aType = EntityType.CLIENT;
                bType = EntityType.MON;
            }
        }
        if (cephx && topo != Topology.CLIENT_MON) {
            sim.tickets(a, world.tickets(a.config.name(), a.config.gid()));
            sim.tickets(b, world.tickets(b.config.name(), b.config.gid()));
        }
        Invariants inv = new Invariants(sim);
        Liveness live = new Liveness(sim);
        sim.faults(new Sim.Faults(o.cutPerSend(), 1, 20));
        Replays replays = new Replays(new java.util.SplittableRandom(seed * 31 + 7), secure ? 0 : o.duplicatePerMessage(),
                secure ? 0 : o.replayPerMessage());
        sim.tamper(replays);

        var rnd = sim.random();
        boolean serverNeverDials = topo != Topology.OSD_OSD;
        Map<String, Long> replyConn = new HashMap<>();
        sim.onEvent(ev -> {
            if (ev instanceof Sim.Event.Notified n && n.event() == ConnectionEvent.ACCEPTED && n.peer().equals(b.name)) {
                replyConn.put(b.name, n.conn());
            }
        });
        int[] counter = new int[2];
        for (int i = 0; i < o.messages(); i++) {
            long when = rnd.nextLong(o.faultWindowMs());
            boolean fromA = !serverNeverDials || rnd.nextInt(3) > 0 ? rnd.nextBoolean() || serverNeverDials : false;
            boolean restart = rnd.nextDouble() < o.restartPerMessage();
            boolean silence = rnd.nextDouble() < o.restartPerMessage();
            long silenceMs = 2_000 + rnd.nextLong(14_000);
            boolean newNonce = rnd.nextBoolean();
            sim.at(when, () -> {
                if (silence) {
                    // a host that goes silent for a while (no close): handshakes time out meanwhile
                    sim.silence(rnd.nextBoolean() ? a : b, silenceMs);
                    return;
                }
                if (restart) {
                    Sim.Peer victim = rnd.nextBoolean() ? a : b;
                    Sim.Peer other = victim == a ? b : a;
                    var oldAddrs = victim.addrs();
                    boolean renonce = newNonce && topo == Topology.OSD_OSD;
                    sim.restart(victim, renonce);
                    replays.forget(victim.name);
                    if (renonce) {
                        // as a daemon does when the map shows the peer's new address: drop connections to the old one
                        for (var entry : other.messenger().conns()) {
                            if (oldAddrs.contains(entry._2.target()) && entry._2.kind() != StateKind.CLOSED) {
                                long id = entry._1;
                                live.markDown(other, id);
                                sim.act(other, msgr -> msgr.onConnection(id, new Input.CloseRequested()));
                            }
                        }
                    }
                    return;
                }
                send(sim, live, fromA, fromA || !serverNeverDials, a, b, fromA ? bType : aType, counter,
                        replyConn.get(b.name));
            });
        }
        sim.runUntil(o.faultWindowMs(), 2_000_000);
        sim.faults(new Sim.Faults(0, 1, 20));
        // one more message from each side that may dial: a peer that restarted comes back to the other
        send(sim, live, true, true, a, b, bType, counter, null);
        if (!serverNeverDials) {
            send(sim, live, false, true, a, b, aType, counter, null);
        }
        sim.runUntil(o.faultWindowMs() + o.settleMs(), 4_000_000);

        List<String> violations = new ArrayList<>(inv.violations());
        violations.addAll(live.violations());
        for (Sim.Peer p : List.of(a, b)) {
            int ready = 0;
            for (var entry : p.messenger().conns()) {
                Conn c = entry._2;
                StateKind k = c.kind();
                if (k != StateKind.READY && k != StateKind.STANDBY && k != StateKind.CLOSED) {
                    violations.add(p.name + "#" + entry._1 + " is stuck in " + k + " after the faults stopped");
                }
                if (k == StateKind.READY) {
                    ready++;
                    var s = c.session();
                    if (!s.policy().lossy() && (!s.out().sent().isEmpty() || !s.out().nothingQueued())) {
                        violations.add(p.name + "#" + entry._1 + " is READY and still holds " + s.out().sent().size()
                                + " unacknowledged messages after things settled");
                    }
                }
            }
            if (ready > 1) {
                violations.add(p.name + " has " + ready + " READY connections to one peer");
            }
        }
        var st = sim.stats();
        return new Report(seed, topo.name().toLowerCase().replace('_', '-') + (secure ? "/cephx-secure" : cephx ? "/cephx-crc" : "/crc") + (cephx && aes256k ? "/aes256k" : "") + (pipelining ? "/pipelined" : ""), st.cuts, st.restarts, st.connects,
                st.delivered, inv.resets(), st.frames, live.fates(), replays.duplicates(), replays.replays(), violations,
                sim.trace());
    }

    /**
     * One workload message from a to b ({@code fromA}) or back. A side that may dial finds or
     * dials its connection ({@code dials}); a server-policy side answers on the connection it
     * last accepted ({@code replyConn}), if it still has it.
     */
    private static void send(Sim sim, Liveness live, boolean fromA, boolean dials, Sim.Peer a, Sim.Peer b,
                             EntityType toType, int[] counter, Long replyConn) {
        Sim.Peer from = fromA ? a : b;
        Sim.Peer to = fromA ? b : a;
        long n = ++counter[fromA ? 0 : 1];
        Message m = new Message(MsgHeader2.of(1, MsgHeader2.PRIO_DEFAULT, 1, 1),
                Bytes.ascii(SessionRules.front(from.name, from.incarnation(), n)), Bytes.EMPTY, Bytes.EMPTY);
        if (dials) {
            long conn = sim.send(from, to, toType, m);
            live.sent(from, to, conn, n);
        } else if (replyConn != null
                && from.messenger().conn(replyConn).map(c -> c.kind() != StateKind.CLOSED).orElse(false)) {
            live.sent(from, to, replyConn, n);
            sim.act(from, msgr -> msgr.onConnection(replyConn, new Input.SendRequested(m)));
        }
    }
}
