package io.msgr2.testkit.explore;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.conn.Messenger;
import io.msgr2.spec.conn.TimerKind;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.UTime;
import io.vavr.collection.HashMap;
import io.vavr.collection.HashSet;
import io.vavr.collection.Map;
import io.vavr.collection.Queue;
import io.vavr.collection.Set;
import io.vavr.collection.Vector;

/**
 * One state of a small world, immutable: every messenger (a pure {@link Messenger}), every
 * TCP connection as two FIFO channels of whole units (a banner, a frame, the news that the
 * connection is up or closed), the armed timers, what each application still has to send,
 * the fault budget left, and the {@link Ledger} of what the checks must remember. There is
 * no clock and no step counter: two paths that reach the same world reach the same state.
 */
public record World(Vector<Node> nodes, Map<TcpId, Tcp> tcps, int faultsLeft, Ledger ledger) {

    /** A messenger and its surroundings. {@code sent}: how many of its messages the application has sent. */
    public record Node(int incarnation, EntityAddrVec addrs, Messenger messenger, Set<Timer> timers, int sent) {
        Node withMessenger(Messenger m) {
            return new Node(incarnation, addrs, m, timers, sent);
        }

        Node withTimers(Set<Timer> t) {
            return new Node(incarnation, addrs, messenger, t, sent);
        }

        Node withSent(int n) {
            return new Node(incarnation, addrs, messenger, timers, n);
        }
    }

    /** A timer connection {@code conn} armed. */
    public record Timer(long conn, TimerKind kind) {}

    /**
     * A TCP connection, named by the side that dialled it: its peer index, incarnation and
     * transport id (unique, and the same whatever path created it).
     */
    public record TcpId(int client, int incarnation, long transport) {}

    /** Where the accepting end of a TCP connection is. */
    public enum Accept { PENDING, OPEN, CLOSED }

    /**
     * Both ends and both directions. The accepting side is {@code server} (a peer index)
     * with {@code serverTransport} once {@link Accept#OPEN}. {@code cut}: the network died;
     * nothing sent afterwards arrives. An end that closed reads nothing more.
     */
    public record Tcp(TcpId id, int server, int serverIncarnation, long serverTransport, boolean clientOpen,
                      Accept accept, Queue<Packet> toServer, Queue<Packet> toClient, boolean cut) {
        Tcp withClientOpen(boolean open) {
            return new Tcp(id, server, serverIncarnation, serverTransport, open, accept, toServer, toClient, cut);
        }

        Tcp withAccept(Accept a, int inc, long transport) {
            return new Tcp(id, server, inc, transport, clientOpen, a, toServer, toClient, cut);
        }

        Tcp withChannels(Queue<Packet> ts, Queue<Packet> tc) {
            return new Tcp(id, server, serverIncarnation, serverTransport, clientOpen, accept, ts, tc, cut);
        }

        Tcp withCut() {
            return new Tcp(id, server, serverIncarnation, serverTransport, clientOpen, accept, toServer, toClient, true);
        }

        boolean serverOpen() {
            return accept == Accept.OPEN;
        }

        /** Nothing can happen on it any more. */
        boolean dead() {
            return !clientOpen && accept != Accept.OPEN && toServer.isEmpty() && toClient.isEmpty();
        }
    }

    /** What travels on a TCP connection: one unit at a time, each delivered whole (a frame boundary). */
    public sealed interface Packet {
        /** The dialler learns its TCP connection is up (before any byte from the acceptor). */
        record Connected() implements Packet {}

        record BannerUnit(Banner banner, Bytes wire) implements Packet {}

        /** A frame, and the framing revision its sender used (its crc encoding follows from both). */
        record FrameUnit(Frame frame, boolean rev1) implements Packet {}

        /** The other end closed, or the connection broke. */
        record Fin() implements Packet {}
    }

    /** The first state of {@code model}: every messenger fresh, nothing in flight, {@code faults} to spend. */
    public static World initial(Model model, int faults) {
        Vector<Node> nodes = Vector.empty();
        for (int i = 0; i < model.peers().size(); i++) {
            nodes = nodes.append(fresh(model, i, 0, model.peers().get(i).addrs()));
        }
        return new World(nodes, HashMap.empty(), faults, Ledger.EMPTY);
    }

    /** Peer {@code i}'s messenger in incarnation {@code inc}: its entropy is a function of both. */
    static Node fresh(Model model, int i, int inc, EntityAddrVec addrs) {
        Model.PeerSpec p = model.peers().get(i);
        long seed = p.name().hashCode() * 1_000_003L + inc;
        Messenger m = Messenger.create(p.config(), new Env(Entropy.seeded(seed), 0, 4096, addrs, UTime.ZERO));
        return new Node(inc, addrs, m, HashSet.empty(), 0);
    }

    World withNode(int i, Node n) {
        return new World(nodes.update(i, n), tcps, faultsLeft, ledger);
    }

    World withTcp(Tcp t) {
        return new World(nodes, t.dead() ? tcps.remove(t.id()) : tcps.put(t.id(), t), faultsLeft, ledger);
    }

    World withLedger(Ledger l) {
        return new World(nodes, tcps, faultsLeft, l);
    }

    World spendFault() {
        return new World(nodes, tcps, faultsLeft - 1, ledger);
    }
}
