package io.msgr2.testkit.explore;

import io.msgr2.codec.CodecWireImage;
import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.ConnectionEvent;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.Link;
import io.msgr2.spec.conn.Messenger;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.testkit.SessionRules;
import io.msgr2.testkit.explore.World.Accept;
import io.msgr2.testkit.explore.World.Node;
import io.msgr2.testkit.explore.World.Packet;
import io.msgr2.testkit.explore.World.Tcp;
import io.msgr2.testkit.explore.World.TcpId;
import io.msgr2.testkit.explore.World.Timer;
import io.vavr.collection.Queue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What can happen in a {@link World}, and what it leads to. A move is one of: the acceptor
 * takes a TCP connection; the head unit of a channel arrives (a frame boundary); an armed
 * timer fires; an application sends its next message; and, while the fault budget lasts, a
 * TCP connection is cut (both ends learn it after what they already hold, the units in
 * flight are lost), a peer restarts (with the nonce its model gives), or a timer
 * fires early. Time is abstract, and the network is fast next to every timer (Ceph's
 * smallest, the first reconnect backoff, is 200 ms): a timer is due when nothing is in flight
 * (no unit in a channel, no connection waiting to be accepted), and due timers fire in any
 * order; one that fires while something is in flight fires early, a fault. Without this
 * rule a WAIT loser could redial for ever before the winner's next frame arrives, a path
 * real time does not take.
 *
 * <p>Every move has a label, unique among the moves of its state and the same on every
 * path: a trace is the list of labels from the initial state.
 */
public final class Transitions {
    private Transitions() {}

    /** One possible move; {@code fault}: it spends the fault budget. */
    public sealed interface Move {
        String label();

        boolean fault();

        /** A move that costs nothing. */
        sealed interface Free extends Move {
            @Override
            default boolean fault() {
                return false;
            }
        }

        /** A move that spends one fault. */
        sealed interface Fault extends Move {
            @Override
            default boolean fault() {
                return true;
            }
        }

        record Accept(TcpId tcp, String label) implements Free {}

        record Arrive(TcpId tcp, boolean toServer, String label) implements Free {}

        /** A timer fires: due (free) or early (a fault). */
        record Fire(int peer, Timer timer, boolean fault, String label) implements Move {}

        record Send(int peer, String label) implements Free {}

        record Cut(TcpId tcp, String label) implements Fault {}

        record Restart(int peer, boolean newNonce, String label) implements Fault {}
    }

    /**
     * What a move did: the next world, what broke a per-step rule, and what the explorer
     * counts (the frames sent, messages delivered, notifications).
     */
    public record Outcome(World world, List<String> violations, List<Tag> frames, int delivered,
                          List<ConnectionEvent> notified) {}

    /** The moves from {@code w}, faults included while the budget lasts, in a fixed order. */
    public static List<Move> moves(Model model, World w) {
        List<Move> out = new ArrayList<>();
        boolean inFlight = false;
        for (Tcp t : sorted(w)) {
            String name = name(model, t.id());
            if (t.accept() == Accept.PENDING && t.clientOpen()) {
                out.add(new Move.Accept(t.id(), "accept " + name));
                inFlight = true;
            }
            if (!t.toServer().isEmpty()) {
                out.add(new Move.Arrive(t.id(), true, "deliver " + name + " > " + describe(t.toServer().head())));
                inFlight = true;
            }
            if (!t.toClient().isEmpty()) {
                out.add(new Move.Arrive(t.id(), false, "deliver " + name + " < " + describe(t.toClient().head())));
                inFlight = true;
            }
        }
        for (int p = 0; p < w.nodes().size(); p++) {
            for (Timer tm : w.nodes().get(p).timers().toJavaList().stream()
                    .sorted(Comparator.comparingLong(Timer::conn).thenComparing(Timer::kind)).toList()) {
                boolean early = inFlight;
                if (!early || w.faultsLeft() > 0) {
                    out.add(new Move.Fire(p, tm, early, "timer " + model.peers().get(p).name() + "#" + tm.conn() + " "
                            + tm.kind() + (early ? " early" : "")));
                }
            }
        }
        for (int p = 0; p < w.nodes().size(); p++) {
            Model.PeerSpec spec = model.peers().get(p);
            if (w.nodes().get(p).sent() < spec.sends() && (spec.dials() || replyConn(model, w, p).isPresent())) {
                out.add(new Move.Send(p, "send " + spec.name() + "->" + model.peers().get(spec.to()).name() + " #"
                        + (w.nodes().get(p).sent() + 1)));
            }
        }
        if (w.faultsLeft() > 0) {
            for (Tcp t : sorted(w)) {
                if (!t.cut() && (t.clientOpen() || t.serverOpen())) {
                    out.add(new Move.Cut(t.id(), "cut " + name(model, t.id())));
                }
            }
            if (model.restarts()) {
                for (int p = 0; p < w.nodes().size(); p++) {
                    boolean renonce = model.peers().get(p).restart() == Model.Nonce.NEW;
                    out.add(new Move.Restart(p, renonce, "restart " + model.peers().get(p).name()
                            + (renonce ? " new-nonce" : "")));
                }
            }
        }
        return out;
    }

    /** Does {@code m} in {@code w}. */
    public static Outcome apply(Model model, World w, Move m) {
        Run r = new Run(model, m.fault() ? w.spendFault() : w);
        switch (m) {
            case Move.Accept a -> r.accept(a.tcp());
            case Move.Arrive a -> r.arrive(a.tcp(), a.toServer());
            case Move.Fire f -> r.fire(f.peer(), f.timer());
            case Move.Send s -> r.send(s.peer());
            case Move.Cut c -> r.cut(c.tcp());
            case Move.Restart s -> r.restart(s.peer(), s.newNonce());
        }
        return new Outcome(r.w, r.violations, r.frames, r.delivered, r.notified);
    }

    /** The TCP connections in a fixed order (their ids), so that moves are listed alike on every path. */
    private static List<Tcp> sorted(World w) {
        return w.tcps().values().toJavaList().stream()
                .sorted(Comparator.comparingInt((Tcp t) -> t.id().client()).thenComparingInt(t -> t.id().incarnation())
                        .thenComparingLong(t -> t.id().transport())).toList();
    }

    static String name(Model model, TcpId id) {
        return model.peers().get(id.client()).name() + (id.incarnation() > 0 ? "@" + id.incarnation() : "") + "/t"
                + id.transport();
    }

    private static String describe(Packet p) {
        return switch (p) {
            case Packet.Connected c -> "CONNECTED";
            case Packet.BannerUnit b -> "BANNER";
            case Packet.FrameUnit f -> f.frame().tag().name();
            case Packet.Fin f -> "FIN";
        };
    }

    /**
     * The session a server-policy peer answers on: a READY or STANDBY connection whose
     * session is with the peer its application writes to (the newest, if several).
     */
    static Optional<Long> replyConn(Model model, World w, int p) {
        Model.PeerSpec to = model.peers().get(model.peers().get(p).to());
        Optional<Long> best = Optional.empty();
        for (var e : w.nodes().get(p).messenger().conns()) {
            Conn c = e._2;
            boolean established = c.kind() == StateKind.READY || c.kind() == StateKind.STANDBY;
            if (established && c.session().peer().type() == to.type() && c.session().peer().gid() == to.gid()
                    && best.map(b -> e._1 > b).orElse(true)) {
                best = Optional.of(e._1);
            }
        }
        return best;
    }

    /** One move in progress: the world so far and what it observed. */
    private static final class Run {
        final Model model;
        World w;
        final List<String> violations = new ArrayList<>();
        final List<Tag> frames = new ArrayList<>();
        final List<ConnectionEvent> notified = new ArrayList<>();
        int delivered;

        Run(Model model, World w) {
            this.model = model;
            this.w = w;
        }

        String name(int p) {
            return model.peers().get(p).name();
        }

        String who(int p) {
            return name(p) + "@" + w.nodes().get(p).incarnation();
        }

        void accept(TcpId id) {
            Tcp t = w.tcps().get(id).get();
            int s = t.server();
            Node sn = w.nodes().get(s);
            // the transport id the acceptor will give it: accept() takes the messenger's next two ids
            long tid = sn.messenger().nextId() + 1;
            w = w.withTcp(t.withAccept(Accept.OPEN, sn.incarnation(), tid)
                    .withChannels(t.toServer(), Queue.of(new Packet.Connected())));
            EntityAddr seen = new EntityAddr(AddrType.MSGR2, 0,
                    new SockAddr.Inet4(host(id.client()), 40000 + (int) id.transport() + 100 * id.incarnation()));
            Messenger.Result r = step(s, m -> m.accept(seen));
            if (r.transport() != tid) {
                throw new IllegalStateException("the messenger gave transport " + r.transport() + ", not " + tid);
            }
        }

        void arrive(TcpId id, boolean toServer) {
            Tcp t = w.tcps().get(id).get();
            Queue<Packet> ch = toServer ? t.toServer() : t.toClient();
            Packet p = ch.head();
            t = toServer ? t.withChannels(ch.tail(), t.toClient()) : t.withChannels(t.toServer(), ch.tail());
            int peer = toServer ? t.server() : id.client();
            long tid = toServer ? t.serverTransport() : id.transport();
            if (p instanceof Packet.Fin) {
                t = toServer ? t.withAccept(Accept.CLOSED, t.serverIncarnation(), t.serverTransport())
                        : t.withClientOpen(false);
            }
            w = w.withTcp(t);
            Input in = switch (p) {
                case Packet.Connected c -> new Input.TransportConnected();
                case Packet.BannerUnit b -> new Input.BannerReceived(b.banner(), b.wire());
                case Packet.FrameUnit f -> new Input.FrameReceived(f.frame(),
                        CodecWireImage.INSTANCE.plainFrame(f.frame(), f.rev1()), false);
                case Packet.Fin f -> new Input.TransportClosed("closed by peer");
            };
            step(peer, m -> m.onTransport(tid, in));
        }

        void fire(int p, Timer tm) {
            Node n = w.nodes().get(p);
            w = w.withNode(p, n.withTimers(n.timers().remove(tm)));
            step(p, m -> m.onConnection(tm.conn(), new Input.TimerFired(tm.kind())));
        }

        void send(int p) {
            Model.PeerSpec spec = model.peers().get(p);
            Model.PeerSpec toSpec = model.peers().get(spec.to());
            Node n = w.nodes().get(p);
            Node to = w.nodes().get(spec.to());
            long num = n.sent() + 1;
            w = w.withNode(p, n.withSent((int) num));
            Message msg = new Message(MsgHeader2.of(1, MsgHeader2.PRIO_DEFAULT, 1, 1),
                    Bytes.ascii(SessionRules.front(spec.name(), n.incarnation(), num)), Bytes.EMPTY, Bytes.EMPTY);
            long conn = spec.dials() ? step(p, m -> m.dial(to.addrs(), toSpec.type())).conn()
                    : replyConn(model, w, p).orElseThrow();
            step(p, m -> m.onConnection(conn, new Input.SendRequested(msg)));
            boolean lossless = !spec.config().policyFor(toSpec.type()).lossy();
            if (lossless && (spec.dials() || sessionOfCurrentIncarnation(p, conn, spec.to()))) {
                w = w.withLedger(w.ledger().send(new Ledger.Sent(p, n.incarnation(), conn, spec.to(), to.incarnation(),
                        num)));
            }
        }

        /**
         * Whether server {@code p}'s connection {@code conn} holds a session of the current
         * incarnation of peer {@code q}: one of q's connections has its client cookie. A
         * message queued on a session of a peer that restarted since is owed to nobody.
         */
        private boolean sessionOfCurrentIncarnation(int p, long conn, int q) {
            long cookie = w.nodes().get(p).messenger().conn(conn).orElseThrow().session().clientCookie();
            return w.nodes().get(q).messenger().conns().exists(e -> e._2.session().clientCookie() == cookie);
        }

        void cut(TcpId id) {
            Tcp t = w.tcps().get(id).get();
            Queue<Packet> fin = Queue.of(new Packet.Fin());
            if (t.accept() == Accept.PENDING) {
                w = w.withTcp(t.withAccept(Accept.CLOSED, -1, Messenger.NONE).withChannels(Queue.empty(), fin));
                return;
            }
            w = w.withTcp(t.withChannels(t.serverOpen() ? fin : Queue.empty(), t.clientOpen() ? fin : Queue.empty())
                    .withCut());
        }

        void restart(int p, boolean newNonce) {
            Node n = w.nodes().get(p);
            for (Tcp t : w.tcps().values()) {
                boolean client = t.id().client() == p && t.clientOpen();
                boolean server = t.server() == p && t.serverOpen();
                if (client || server) {
                    close(t, client);
                }
            }
            EntityAddrVec old = n.addrs();
            EntityAddrVec addrs = !newNonce ? old
                    : new EntityAddrVec(old.addrs().stream().map(a -> a.withNonce(a.nonce() + 1)).toList());
            w = w.withNode(p, World.fresh(model, p, n.incarnation() + 1, addrs).withSent(n.sent()));
            if (newNonce) {
                // as a peer that dials does when the map shows the new address: drop connections to the old one
                for (int q = 0; q < w.nodes().size(); q++) {
                    if (!model.peers().get(q).dials()) {
                        continue;
                    }
                    int other = q;
                    for (var e : w.nodes().get(q).messenger().conns()) {
                        if (e._2.kind() != StateKind.CLOSED && old.contains(e._2.target())) {
                            // the application drops what it queued there, knowingly
                            w = w.withLedger(w.ledger().drop(who(other) + "#" + e._1));
                            step(other, m -> m.onConnection(e._1, new Input.CloseRequested()));
                        }
                    }
                }
            }
        }

        /** One end of {@code t} closes: it reads nothing more; the other end learns it after what is in flight. */
        private void close(Tcp t, boolean clientEnd) {
            Queue<Packet> fin = Queue.of(new Packet.Fin());
            if (clientEnd) {
                Tcp c = t.withClientOpen(false);
                w = w.withTcp(switch (t.accept()) {
                    case PENDING -> c.withAccept(Accept.CLOSED, -1, Messenger.NONE).withChannels(Queue.empty(),
                            Queue.empty());
                    case OPEN -> c.withChannels(t.cut() ? t.toServer() : t.toServer().appendAll(fin), Queue.empty());
                    case CLOSED -> c.withChannels(t.toServer(), Queue.empty());
                });
                return;
            }
            Tcp s = t.withAccept(Accept.CLOSED, t.serverIncarnation(), t.serverTransport());
            w = w.withTcp(s.withChannels(Queue.empty(), t.clientOpen() && !t.cut() ? t.toClient().appendAll(fin)
                    : t.toClient()));
        }

        /** Peer {@code p}'s messenger takes a step; its effects are carried out and checked. */
        private Messenger.Result step(int p, Function<Messenger, Messenger.Result> f) {
            Node n = w.nodes().get(p);
            Messenger before = n.messenger();
            Messenger.Result r = f.apply(before);
            Messenger after = r.messenger();
            w = w.withNode(p, n.withMessenger(after));
            if (after.env().globalSeq() < before.env().globalSeq()) {
                violations.add(who(p) + " global_seq went back from " + before.env().globalSeq() + " to "
                        + after.env().globalSeq());
            }
            after.conns().forEach((id, c) -> violations.addAll(SessionRules.conn(who(p) + "#" + id, before.conn(id), c)));
            for (Messenger.Out o : r.effects()) {
                effect(p, o);
            }
            return r;
        }

        private void effect(int p, Messenger.Out o) {
            String conn = who(p) + "#" + o.conn();
            switch (o.effect()) {
                case Effect.Connect c -> connect(p, o.transport(), c.target());
                case Effect.SendBanner b -> transmit(p, o.transport(),
                        new Packet.BannerUnit(b.banner(), CodecWireImage.INSTANCE.banner(b.banner())));
                case Effect.SendFrame f -> {
                    frames.add(f.frame().tag());
                    SessionRules.cookies(conn, f.frame()).ifPresent(violations::add);
                    SessionRules.announcedGlobalSeq(f.frame()).ifPresent(gs -> announced(p, gs));
                    boolean rev1 = w.nodes().get(p).messenger().conn(o.conn()).flatMap(Conn::link).map(Link::rev1)
                            .orElse(true);
                    transmit(p, o.transport(), new Packet.FrameUnit(f.frame(), rev1));
                }
                case Effect.StartFraming s -> { }
                case Effect.StopCapture s -> { }
                case Effect.InstallSecure s -> throw new IllegalStateException("the explorer runs crc mode: " + s);
                case Effect.InstallCompression s -> throw new IllegalStateException("the explorer runs no compression");
                case Effect.Deliver d -> deliver(p, o.conn(), d.message());
                case Effect.Notify n -> notify(p, o.conn(), n.event());
                case Effect.ArmTimer t -> {
                    Node n = w.nodes().get(p);
                    w = w.withNode(p, n.withTimers(n.timers().add(new Timer(o.conn(), t.timer()))));
                }
                case Effect.CancelTimer t -> {
                    Node n = w.nodes().get(p);
                    w = w.withNode(p, n.withTimers(n.timers().remove(new Timer(o.conn(), t.timer()))));
                }
                case Effect.CloseTransport c -> {
                    SessionRules.closeReason(conn, c.reason()).ifPresent(violations::add);
                    end(p, o.transport()).ifPresent(e -> close(e.tcp(), e.client()));
                }
                case Effect.LookupSession l -> throw new IllegalStateException("the messenger resolves lookups");
            }
        }

        private void announced(int p, long gs) {
            String k = who(p);
            long last = w.ledger().announced().get(k).getOrElse(0L);
            if (gs < last) {
                violations.add(k + " sent global_seq " + gs + " after " + last);
            }
            w = w.withLedger(w.ledger().announce(k, gs));
        }

        private void deliver(int p, long conn, Message m) {
            delivered++;
            String c = who(p) + "#" + conn;
            if (w.ledger().resets().contains(c)) {
                violations.add(c + " delivered after its reset");
            }
            SessionRules.id(m).ifPresent(id -> {
                String key = who(p) + "<" + id.sender() + "@" + id.incarnation();
                SessionRules.order(who(p), id.sender() + "@" + id.incarnation(), id.n(), w.ledger().last(key))
                        .ifPresent(violations::add);
                w = w.withLedger(w.ledger().deliver(key, id.n()));
            });
        }

        private void notify(int p, long conn, ConnectionEvent ev) {
            notified.add(ev);
            String c = who(p) + "#" + conn;
            if (ev == ConnectionEvent.RESET) {
                if (w.ledger().resets().contains(c)) {
                    violations.add("a second RESET notification for " + c);
                }
                w = w.withLedger(w.ledger().reset(c));
            }
            if (ev == ConnectionEvent.RESET || ev == ConnectionEvent.REMOTE_RESET) {
                w = w.withLedger(w.ledger().drop(c));
            }
        }

        private void connect(int p, long tid, EntityAddr target) {
            int server = -1;
            for (int q = 0; q < w.nodes().size(); q++) {
                for (EntityAddr a : w.nodes().get(q).addrs().addrs()) {
                    if (a.addr().equals(target.addr())) {
                        server = q; // TCP ignores the nonce
                    }
                }
            }
            TcpId id = new TcpId(p, w.nodes().get(p).incarnation(), tid);
            Tcp t = new Tcp(id, server, -1, Messenger.NONE, true, Accept.PENDING, Queue.empty(), Queue.empty(), false);
            // nobody listens there: refused
            w = w.withTcp(server >= 0 ? t : t.withAccept(Accept.CLOSED, -1, Messenger.NONE)
                    .withChannels(Queue.empty(), Queue.of(new Packet.Fin())));
        }

        /** A unit leaves {@code p}'s end of transport {@code tid}; it is lost if the connection is cut or the reader gone. */
        private void transmit(int p, long tid, Packet unit) {
            if (unit instanceof Packet.FrameUnit f && f.frame() instanceof Message m && !model.lost().isEmpty()
                    && model.lost().contains(new String(m.front().toByteArray(), java.nio.charset.StandardCharsets.US_ASCII))) {
                return; // a broken network (Model#losing)
            }
            end(p, tid).ifPresent(e -> {
                Tcp t = e.tcp();
                if (t.cut()) {
                    return;
                }
                if (e.client() && t.accept() != Accept.CLOSED) {
                    w = w.withTcp(t.withChannels(t.toServer().append(unit), t.toClient()));
                } else if (!e.client() && t.clientOpen()) {
                    w = w.withTcp(t.withChannels(t.toServer(), t.toClient().append(unit)));
                }
            });
        }

        private record End(Tcp tcp, boolean client) {}

        /** {@code p}'s open end of transport {@code tid}, if it has one. */
        private Optional<End> end(int p, long tid) {
            int inc = w.nodes().get(p).incarnation();
            for (Tcp t : w.tcps().values()) {
                if (t.id().client() == p && t.id().incarnation() == inc && t.id().transport() == tid && t.clientOpen()) {
                    return Optional.of(new End(t, true));
                }
                if (t.server() == p && t.serverIncarnation() == inc && t.serverTransport() == tid && t.serverOpen()) {
                    return Optional.of(new End(t, false));
                }
            }
            return Optional.empty();
        }

        private Bytes host(int p) {
            for (EntityAddr a : model.peers().get(p).addrs().addrs()) {
                if (a.addr() instanceof SockAddr.Inet4 in && !in.ip().isZero()) {
                    return in.ip();
                }
            }
            return SockAddr.Inet4.of(10, 0, 1, p + 1, 0).ip();
        }
    }
}
