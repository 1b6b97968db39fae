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
 * is checked by {@link Invariants}; at the end, liveness: every message a lossless session
 * accepted after its last reset has been delivered, nothing is stuck mid-handshake, and
 * each side has at most one live connection to the other.
 */
public final class Chaos {
    public record Options(int messages, double cutPerSend, double restartPerMessage, long faultWindowMs,
                          long settleMs, boolean trace) {
        public static final Options DEFAULT = new Options(40, 0.04, 0.01, 60_000, 240_000, false);

        public Options withTrace(boolean on) {
            return new Options(messages, cutPerSend, restartPerMessage, faultWindowMs, settleMs, on);
        }
    }

    public record Report(long seed, String topology, long cuts, long restarts, long connects, long delivered,
                         long resets, java.util.Map<io.msgr2.spec.frame.Tag, Long> frames, List<String> violations,
                         List<String> trace) {
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
                    live.reset(a, b);
                    if (renonce) {
                        // as a daemon does when the map shows the peer's new address: drop connections to the old one
                        for (var entry : other.messenger().conns()) {
                            if (oldAddrs.contains(entry._2.target()) && entry._2.kind() != StateKind.CLOSED) {
                                long id = entry._1;
                                sim.act(other, msgr -> msgr.onConnection(id, new Input.CloseRequested()));
                            }
                        }
                    }
                    return;
                }
                Sim.Peer from = fromA ? a : b;
                Sim.Peer to = fromA ? b : a;
                int idx = fromA ? 0 : 1;
                long n = ++counter[idx];
                Message m = new Message(MsgHeader2.of(1, MsgHeader2.PRIO_DEFAULT, 1, 1),
                        Bytes.ascii(Invariants.front(from.name, from.incarnation(), n)), Bytes.EMPTY, Bytes.EMPTY);
                if (fromA || !serverNeverDials) {
                    sim.send(from, to, fromA ? bType : aType, m);
                    live.sent(from, to, n);
                } else if (replyConn.containsKey(b.name)) {
                    long conn = replyConn.get(b.name);
                    if (b.messenger().conn(conn).map(c -> c.kind() != StateKind.CLOSED).orElse(false)) {
                        sim.act(b, msgr -> msgr.onConnection(conn, new Input.SendRequested(m)));
                        live.sent(b, a, n);
                    }
                }
            });
        }
        sim.runUntil(o.faultWindowMs(), 2_000_000);
        sim.faults(new Sim.Faults(0, 1, 20));
        sim.runUntil(o.faultWindowMs() + o.settleMs(), 4_000_000);

        List<String> violations = new ArrayList<>(inv.violations());
        boolean lossless = topo != Topology.CLIENT_MON;
        if (lossless) {
            violations.addAll(live.undelivered(inv));
        }
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
                }
            }
            if (ready > 1) {
                violations.add(p.name + " has " + ready + " READY connections to one peer");
            }
        }
        var st = sim.stats();
        return new Report(seed, topo.name().toLowerCase().replace('_', '-') + (secure ? "/cephx-secure" : cephx ? "/cephx-crc" : "/crc") + (cephx && aes256k ? "/aes256k" : "") + (pipelining ? "/pipelined" : ""), st.cuts, st.restarts, st.connects,
                st.delivered, inv.resets(), st.frames, violations, sim.trace());
    }

    /** Which messages must arrive: those a lossless session accepted after the pair's last reset or restart. */
    static final class Liveness {
        private final Sim sim;
        private final Map<String, List<long[]>> sent = new HashMap<>();
        private long lastReset = -1;
        /** When each peer last restarted, and when each last saw a session (re)established. */
        private final Map<String, Long> restarted = new HashMap<>();
        private final Map<String, Long> established = new HashMap<>();

        Liveness(Sim sim) {
            this.sim = sim;
            sim.onEvent(ev -> {
                if (ev instanceof Sim.Event.Notified n
                        && (n.event() == ConnectionEvent.RESET || n.event() == ConnectionEvent.REMOTE_RESET)) {
                    lastReset = sim.now();
                }
                if (ev instanceof Sim.Event.Notified n
                        && (n.event() == ConnectionEvent.CONNECTED || n.event() == ConnectionEvent.ACCEPTED)) {
                    established.put(n.peer(), sim.now());
                }
                if (ev instanceof Sim.Event.Restarted r) {
                    restarted.put(r.peer(), sim.now());
                }
            });
        }

        /**
         * Whether {@code from} can be held to delivering to {@code to}: it may dial (not a
         * server policy), or it holds a session established with {@code to}'s current
         * incarnation (a server cannot reach a peer that restarted and never came back).
         */
        private boolean reachable(Sim.Peer from, Sim.Peer to) {
            boolean server = from.messenger().config().defaultPolicy().server();
            return !server || established.getOrDefault(from.name, -1L) > restarted.getOrDefault(to.name, -1L);
        }

        void reset(Sim.Peer a, Sim.Peer b) {
            lastReset = sim.now();
        }

        void sent(Sim.Peer from, Sim.Peer to, long n) {
            sent.computeIfAbsent(from.name + ">" + to.name, k -> new ArrayList<>())
                    .add(new long[] {n, sim.now(), from.incarnation(), to.incarnation(), reachable(from, to) ? 1 : 0});
        }

        List<String> undelivered(Invariants inv) {
            List<String> out = new ArrayList<>();
            for (var e : sent.entrySet()) {
                String[] names = e.getKey().split(">");
                Sim.Peer from = peer(names[0]);
                Sim.Peer to = peer(names[1]);
                for (long[] m : e.getValue()) {
                    boolean covered = m[1] > lastReset && m[2] == from.incarnation() && m[3] == to.incarnation()
                            && m[4] == 1;
                    if (covered && !inv.delivered(to.name, to.incarnation(), from.name, from.incarnation()).contains(m[0])) {
                        out.add(String.format("message %s/%d/%d sent at %d ms never reached %s (last reset %d ms)",
                                from.name, m[2], m[0], m[1], to.name, lastReset));
                    }
                }
            }
            return out;
        }

        private Sim.Peer peer(String name) {
            return sim.peers().stream().filter(p -> p.name.equals(name)).findFirst().orElseThrow();
        }
    }
}
