package io.msgr2.testkit;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.Limits;
import io.msgr2.codec.endpoint.Endpoint;
import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.codec.endpoint.Outgoing;
import io.msgr2.codec.endpoint.Received;
import io.msgr2.codec.frame.Wire;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.Messenger;
import io.msgr2.spec.conn.TimerKind;
import io.msgr2.spec.frame.FrameText;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A deterministic world of msgr2 peers: each peer is a pure {@link Messenger}; every TCP
 * connection is a pair of byte streams through the real codec (encoder on one end, the
 * incremental decoder on the other); time is virtual; randomness is seeded. The same seed
 * gives the same run, byte for byte, and a trace to reproduce it.
 *
 * <p>Faults are injected by the caller through {@link Faults}: a connection cut after a
 * random prefix of the bytes in flight in either direction, latency, a peer restart with
 * the same or a new address nonce. Observers ({@link #onEvent}) see every delivery,
 * notification and state; {@link Invariants} checks them.
 */
public final class Sim {
    /** How often the simulator breaks things. */
    public record Faults(double cutPerSend, int minLatencyMs, int maxLatencyMs) {
        public static final Faults NONE = new Faults(0, 1, 1);
    }

    /** Something a peer's application saw. */
    public sealed interface Event {
        record Delivered(String peer, long conn, io.msgr2.spec.frame.Message message) implements Event {}

        record Notified(String peer, long conn, io.msgr2.spec.conn.ConnectionEvent event) implements Event {}

        record TransportClosed(String peer, long conn, io.msgr2.spec.conn.CloseReason reason) implements Event {}

        record Restarted(String peer) implements Event {}

        /** A frame a peer's messenger asked to send (whether or not it arrives). */
        record Sent(String peer, long conn, io.msgr2.spec.frame.Frame frame) implements Event {}
    }

    /** One simulated entity. */
    public final class Peer {
        public final String name;
        final Config config;
        Messenger messenger;
        EntityAddrVec addrs;
        final Map<Long, End> ends = new HashMap<>();
        final Map<Long, Map<TimerKind, Long>> timers = new HashMap<>();
        int incarnation;
        io.msgr2.spec.auth.cephx.Tickets tickets = io.msgr2.spec.auth.cephx.Tickets.NONE;

        final SockAddr.Inet4 host;

        Peer(String name, Config config, EntityAddrVec addrs, long seed, SockAddr.Inet4 host) {
            this.name = name;
            this.host = host;
            this.config = config;
            this.addrs = addrs;
            this.messenger = Messenger.create(config, new Env(Entropy.seeded(seed), 0, 4096, addrs, UTime.ZERO));
        }

        public Messenger messenger() {
            return messenger;
        }

        public EntityAddrVec addrs() {
            return addrs;
        }

        public int incarnation() {
            return incarnation;
        }
    }

    /** One end of a simulated TCP connection. */
    final class End {
        final Peer owner;
        final long tid;
        final Role role;
        final int incarnation;
        End other;
        final Endpoint endpoint;
        boolean open = true;
        /** A cut was decided: later bytes never leave (they would follow a torn frame). */
        boolean cut;
        long lastArrival;
        /** Bumped when the connection is severed: bytes sent before are lost. */
        int generation;

        End(Peer owner, long tid, Role role) {
            this.owner = owner;
            this.tid = tid;
            this.role = role;
            this.incarnation = owner.incarnation;
            this.endpoint = new Endpoint(role, Limits.DEFAULT, Allocator.HEAP, new Hooks() {
                @Override
                public io.msgr2.spec.frame.Frame frame(io.msgr2.spec.frame.Frame f) {
                    return tamper.frame(owner.name, f);
                }

                @Override
                public Wire frameWire(io.msgr2.spec.frame.Frame f, Wire encoded) {
                    Bytes plain = encoded.toBytes();
                    Bytes tampered = tamper.wire(owner.name, tid, f, plain);
                    return tampered == plain ? encoded : Wire.of(List.of(tampered));
                }
            });
        }
    }

    private record Scheduled(long at, long seq, Runnable action) {}

    private final SplittableRandom rnd;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final List<Peer> peers = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();
    private final List<Consumer<Event>> observers = new ArrayList<>();
    private final List<Consumer<Peer>> stepObservers = new ArrayList<>();
    private Faults faults = Faults.NONE;
    private long now;
    private long seq;
    private int ephemeralPort = 40000;
    private long steps;
    private boolean traceOn = true;
    private final Stats stats = new Stats();
    private final Map<String, Long> silentUntil = new HashMap<>();

    /**
     * {@code p}'s network goes silent for {@code ms}: nothing reaches it or leaves it until
     * then (TCP holds the bytes and delivers them afterwards; a new connection's handshake
     * stalls), so timers can expire while connections look alive.
     */
    public void silence(Peer p, long ms) {
        log("SILENCE " + p.name + " for " + ms + " ms");
        silentUntil.merge(p.name, now + ms, Math::max);
    }

    /** When bytes between {@code a} and {@code b} sent now can arrive at the earliest. */
    private long earliest(Peer a, Peer b) {
        long t = now + latency();
        t = Math.max(t, silentUntil.getOrDefault(a.name, 0L));
        return b == null ? t : Math.max(t, silentUntil.getOrDefault(b.name, 0L));
    }

    /** Counters for reports. */
    public static final class Stats {
        public long cuts;
        public long restarts;
        public long connects;
        public long delivered;
        public long bytes;
        public final java.util.EnumMap<io.msgr2.spec.frame.Tag, Long> frames =
                new java.util.EnumMap<>(io.msgr2.spec.frame.Tag.class);

        /** All counters at zero. */
        public Stats() {
        }
    }

    public Sim(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    public Stats stats() {
        return stats;
    }

    public long now() {
        return now;
    }

    public long steps() {
        return steps;
    }

    public List<String> trace() {
        return trace;
    }

    public void traceEnabled(boolean on) {
        traceOn = on;
    }

    public void faults(Faults f) {
        this.faults = f;
    }

    public SplittableRandom random() {
        return rnd;
    }

    public void onEvent(Consumer<Event> observer) {
        observers.add(observer);
    }

    /** Called after every step of a peer's messenger, with the peer (to check its state). */
    public void onStep(Consumer<Peer> observer) {
        stepObservers.add(observer);
    }

    public List<Peer> peers() {
        return peers;
    }

    /** Adds a peer listening on {@code addrs} (its v2 address must be unique in the world). */
    public Peer addPeer(String name, Config config, EntityAddrVec addrs) {
        SockAddr.Inet4 host = addrs.addrs().stream().map(a -> a.addr())
                .filter(a -> a instanceof SockAddr.Inet4 in && !in.ip().isZero()).map(a -> (SockAddr.Inet4) a)
                .findFirst().orElse(SockAddr.Inet4.of(10, 0, 1, peers.size() + 1, 0));
        Peer p = new Peer(name, config, addrs, rnd.nextLong(), host);
        peers.add(p);
        return p;
    }

    /** Runs {@code action} on the messenger of {@code p} at the current time, then handles its effects. */
    public void act(Peer p, java.util.function.Function<Messenger, Messenger.Result> action) {
        log(p.name + " act");
        handle(p, action.apply(p.messenger));
    }

    /**
     * The application of {@code from} sends {@code m} to {@code to}: it finds or dials the
     * connection (Ceph's {@code connect_to}) and queues the message on it.
     */
    public long send(Peer from, Peer to, io.msgr2.spec.wire.EntityType toType, io.msgr2.spec.frame.Message m) {
        Messenger.Result dialed = from.messenger.dial(to.addrs, toType);
        handle(from, dialed);
        log(from.name + "#" + dialed.conn() + " app sends " + m.front().length() + "B to " + to.name);
        handle(from, from.messenger.onConnection(dialed.conn(), new Input.SendRequested(m)));
        return dialed.conn();
    }

    /**
     * A man in the middle for tests: it may replace a frame before it is encoded (a wrong
     * AUTH_SIGNATURE that still frames correctly) or change its bytes after (a flipped bit
     * in a secure frame).
     */
    public interface Tamper {
        Tamper NONE = new Tamper() {};

        default io.msgr2.spec.frame.Frame frame(String sender, io.msgr2.spec.frame.Frame f) {
            return f;
        }

        default Bytes wire(String sender, io.msgr2.spec.frame.Frame f, Bytes wire) {
            return wire;
        }

        /** The same, knowing which of the sender's TCP connections ({@code transport}) the bytes leave on. */
        default Bytes wire(String sender, long transport, io.msgr2.spec.frame.Frame f, Bytes wire) {
            return wire(sender, f, wire);
        }
    }

    private Tamper tamper = Tamper.NONE;

    public void tamper(Tamper t) {
        this.tamper = t;
    }

    /** Gives {@code p} cephx tickets (as if a mon had issued them); they survive restarts. */
    public void tickets(Peer p, io.msgr2.spec.auth.cephx.Tickets t) {
        p.tickets = t;
        p.messenger = p.messenger.withTickets(t);
    }

    /** Restarts {@code p}: every TCP connection drops, its state is gone; a new nonce if asked. */
    public void restart(Peer p, boolean newNonce) {
        stats.restarts++;
        log(p.name + " RESTART" + (newNonce ? " new nonce" : " same nonce"));
        for (End e : new ArrayList<>(p.ends.values())) {
            closeEnd(e, "peer restarted");
        }
        p.ends.clear();
        p.timers.clear();
        p.incarnation++;
        if (newNonce) {
            List<EntityAddr> renonced = p.addrs.addrs().stream().map(a -> a.withNonce(a.nonce() + 1 + rnd.nextInt(1000)))
                    .toList();
            p.addrs = new EntityAddrVec(renonced);
        }
        p.messenger = Messenger.create(p.config, new Env(Entropy.seeded(rnd.nextLong()), 0, 4096, p.addrs,
                UTime.ZERO, p.tickets));
        emit(new Event.Restarted(p.name));
    }

    /** Processes scheduled events until none is left, time passes {@code until}, or {@code maxSteps} run. */
    public void runUntil(long until, long maxSteps) {
        long limit = steps + maxSteps;
        while (!queue.isEmpty() && queue.peek().at <= until && steps < limit) {
            Scheduled s = queue.poll();
            now = Math.max(now, s.at);
            steps++;
            s.action.run();
        }
        if (queue.isEmpty() || queue.peek().at > until) {
            now = Math.max(now, until);
        }
    }

    public boolean idle() {
        return queue.isEmpty();
    }

    /** Whether anything other than timers is pending (bytes in flight, connects). */
    public long pending() {
        return queue.size();
    }

    public void at(long delayMs, Runnable action) {
        queue.add(new Scheduled(now + delayMs, seq++, action));
    }

    private long latency() {
        return faults.minLatencyMs() + (faults.maxLatencyMs() > faults.minLatencyMs()
                ? rnd.nextInt(faults.maxLatencyMs() - faults.minLatencyMs() + 1) : 0);
    }

    private void handle(Peer p, Messenger.Result r) {
        Messenger before = p.messenger;
        p.messenger = r.messenger();
        if (traceOn) {
            r.messenger().conns().forEach((id, c) -> {
                var old = before.conns().get(id).map(x -> x.kind());
                if (old.isEmpty() || old.get() != c.kind()) {
                    log(p.name + "#" + id + " " + old.map(Enum::name).getOrElse("new") + " -> " + c.kind());
                }
            });
        }
        for (Consumer<Peer> o : stepObservers) {
            o.accept(p);
        }
        for (Messenger.Out o : r.effects()) {
            apply(p, o);
        }
    }

    private void apply(Peer p, Messenger.Out o) {
        End e = p.ends.get(o.transport());
        switch (o.effect()) {
            case Effect.Connect c -> connect(p, o.transport(), c.target());
            case Effect.SendBanner b -> toWire(p, o, e);
            case Effect.StartFraming f -> toWire(p, o, e);
            case Effect.InstallSecure s -> toWire(p, o, e);
            case Effect.InstallCompression s -> toWire(p, o, e);
            case Effect.StopCapture s -> toWire(p, o, e);
            case Effect.SendFrame f -> toWire(p, o, e);
            case Effect.Deliver d -> {
                stats.delivered++;
                log(p.name + "#" + o.conn() + " DELIVER seq=" + d.message().header().seq());
                emit(new Event.Delivered(p.name, o.conn(), d.message()));
            }
            case Effect.Notify n -> {
                log(p.name + "#" + o.conn() + " NOTIFY " + n.event());
                emit(new Event.Notified(p.name, o.conn(), n.event()));
            }
            case Effect.ArmTimer t -> {
                long token = seq++;
                p.timers.computeIfAbsent(o.conn(), k -> new HashMap<>()).put(t.timer(), token);
                int inc = p.incarnation;
                at(t.after().toMillis(), () -> {
                    var byKind = p.timers.get(o.conn());
                    if (p.incarnation == inc && byKind != null && Long.valueOf(token).equals(byKind.get(t.timer()))) {
                        byKind.remove(t.timer());
                        log(p.name + "#" + o.conn() + " TIMER " + t.timer());
                        handle(p, p.messenger.onConnection(o.conn(), new Input.TimerFired(t.timer())));
                    }
                });
            }
            case Effect.CancelTimer t -> {
                var byKind = p.timers.get(o.conn());
                if (byKind != null) {
                    byKind.remove(t.timer());
                }
            }
            case Effect.CloseTransport c -> {
                log(p.name + "#" + o.conn() + " CLOSE " + c.reason());
                emit(new Event.TransportClosed(p.name, o.conn(), c.reason()));
                if (e != null) {
                    closeEnd(e, "closed by peer");
                }
            }
            case Effect.LookupSession l -> throw new AssertionError("the messenger resolves lookups");
        }
    }

    /** A wire effect goes to the end's endpoint; what it has to send leaves at once (a closed end sends nothing). */
    private void toWire(Peer p, Messenger.Out o, End e) {
        if (e == null) {
            return;
        }
        e.endpoint.submit(o.effect());
        while (e.open) {
            switch (e.endpoint.sender().next()) {
                case Outgoing.Write w when w.frame().isEmpty() -> {
                    log(p.name + "#" + o.conn() + " > BANNER");
                    send(e, w.wire().toBytes());
                }
                case Outgoing.Write w -> {
                    io.msgr2.spec.frame.Frame frame = w.frame().get();
                    stats.frames.merge(frame.tag(), 1L, Long::sum);
                    emit(new Event.Sent(p.name, o.conn(), frame));
                    log(p.name + "#" + o.conn() + " > " + FrameText.describe(frame));
                    send(e, w.wire().toBytes());
                }
                case Outgoing.Refused r -> at(0, () -> input(p, e, r.input()));
                case Outgoing.Idle i -> {
                    return;
                }
            }
        }
    }

    private void connect(Peer p, long tid, EntityAddr target) {
        stats.connects++;
        End mine = new End(p, tid, Role.CLIENT);
        p.ends.put(tid, mine);
        log(p.name + " CONNECT " + target + " (t" + tid + ")");
        Peer target0 = listener(target);
        queue.add(new Scheduled(earliest(p, target0), seq++, () -> {
            Peer server = listener(target);
            if (!mine.open) {
                return;
            }
            if (server == null) {
                closeEnd(mine, "connection refused");
                return;
            }
            EntityAddr seen = new EntityAddr(AddrType.MSGR2, 0, new SockAddr.Inet4(p.host.ip(), ephemeralPort++));
            Messenger.Result r = server.messenger.accept(seen);
            End theirs = new End(server, r.transport(), Role.SERVER);
            server.ends.put(r.transport(), theirs);
            mine.other = theirs;
            theirs.other = mine;
            log(server.name + " ACCEPT from " + p.name + " (t" + r.transport() + ")");
            // the dialler learns it is connected before any byte from the server can arrive
            long connectedAt = now + latency();
            theirs.lastArrival = connectedAt;
            queue.add(new Scheduled(connectedAt, seq++, () -> {
                if (mine.open) {
                    input(p, mine, new Input.TransportConnected());
                }
            }));
            handle(server, r);
        }));
    }

    /** The peer whose v2 address has the target's IP and port (TCP ignores the nonce). */
    private Peer listener(EntityAddr target) {
        for (Peer q : peers) {
            for (EntityAddr a : q.addrs.addrs()) {
                if (a.addr().equals(target.addr())) {
                    return q;
                }
            }
        }
        return null;
    }

    /** Sends bytes from {@code e} to its other end, in order; a cut may deliver only a prefix. */
    private void send(End e, Bytes bytes) {
        if (!e.open || e.cut) {
            return;
        }
        stats.bytes += bytes.length();
        long arrival = Math.max(e.lastArrival, earliest(e.owner, e.other == null ? null : e.other.owner));
        e.lastArrival = arrival;
        End to = e.other;
        if (faults.cutPerSend() > 0 && rnd.nextDouble() < faults.cutPerSend()) {
            stats.cuts++;
            e.cut = true;
            int keep = rnd.nextInt(bytes.length() + 1);
            log("CUT " + e.owner.name + "->" + (to == null ? "?" : to.owner.name) + " after " + keep + "/"
                    + bytes.length() + " bytes");
            Bytes prefix = bytes.slice(0, keep);
            queue.add(new Scheduled(arrival, seq++, () -> {
                if (to != null) {
                    deliver(to, prefix);
                }
                closeEnd(e, "connection cut");
            }));
            return;
        }
        int gen = e.generation;
        queue.add(new Scheduled(arrival, seq++, () -> {
            if (to != null && e.generation == gen) {
                deliver(to, bytes);
            }
        }));
    }

    /**
     * The network between the two ends of {@code conn}'s TCP connection dies now: bytes in
     * flight either way are lost, and each side learns of the close after a latency.
     */
    public void sever(Peer p, long conn) {
        long tid = p.messenger.transportOf().get(conn).getOrElse(Messenger.NONE);
        End e = p.ends.get(tid);
        if (e == null) {
            return;
        }
        stats.cuts++;
        log("SEVER " + p.name + "#" + conn);
        End o = e.other;
        e.generation++;
        e.cut = true;
        if (o != null) {
            o.generation++;
            o.cut = true;
        }
        for (End x : o == null ? List.of(e) : List.of(e, o)) {
            queue.add(new Scheduled(now + latency(), seq++, () -> {
                if (x.open) {
                    x.open = false;
                    x.owner.ends.remove(x.tid);
                    if (x.owner.incarnation == x.incarnation) {
                        handle(x.owner, x.owner.messenger.onTransport(x.tid, new Input.TransportClosed("severed")));
                    }
                }
            }));
        }
    }

    private void deliver(End x, Bytes bytes) {
        if (!x.open || x.owner.incarnation != x.incarnation) {
            return;
        }
        x.endpoint.receiver().feed(bytes);
        while (x.open) {
            Received r = x.endpoint.receiver().next();
            if (r.stalled()) {
                return; // more bytes, or a framing decision that a refused banner never brings
            }
            if (r instanceof Received.Frame f) {
                log(x.owner.name + " < " + FrameText.describe(f.received().frame()) + " (t" + x.tid + ")");
            }
            r.input().ifPresent(in -> input(x.owner, x, in));
            if (r instanceof Received.Malformed) {
                return;
            }
        }
    }

    private void input(Peer p, End e, Input in) {
        if (p.incarnation != e.incarnation) {
            return;
        }
        handle(p, p.messenger.onTransport(e.tid, in));
    }

    /** Closes one end; the other end learns it after its bytes in flight have arrived. */
    private void closeEnd(End e, String why) {
        if (!e.open) {
            return;
        }
        e.open = false;
        e.owner.ends.remove(e.tid);
        End o = e.other;
        if (o != null && o.open) {
            long at = Math.max(e.lastArrival, earliest(e.owner, o.owner));
            queue.add(new Scheduled(at, seq++, () -> {
                if (o.open) {
                    o.open = false;
                    o.owner.ends.remove(o.tid);
                    log(o.owner.name + " t" + o.tid + " sees the connection close (" + why + ")");
                    if (o.owner.incarnation == o.incarnation) {
                        handle(o.owner, o.owner.messenger.onTransport(o.tid, new Input.TransportClosed(why)));
                    }
                }
            }));
        }
        if (e.owner.incarnation == e.incarnation && why.equals("connection cut")) {
            handle(e.owner, e.owner.messenger.onTransport(e.tid, new Input.TransportClosed(why)));
        }
    }

    private void emit(Event ev) {
        for (Consumer<Event> o : observers) {
            o.accept(ev);
        }
    }

    void log(String s) {
        if (traceOn) {
            trace.add(String.format("%8d ms  %s", now, s));
        }
    }
}
