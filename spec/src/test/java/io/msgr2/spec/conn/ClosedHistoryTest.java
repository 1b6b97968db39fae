package io.msgr2.spec.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A messenger forgets closed connections beyond {@link Config#closedHistory()}: a mon that
 * sees 100,000 short connections keeps at most that many closed records in
 * {@link Messenger#conns()}, and nothing of them in its transports or registry, while a
 * live connection is never evicted.
 *
 * <p>Connections are driven without bytes (effects carried to the peer as inputs, frames
 * imaged by {@link SampleFrames#SYMBOLIC}). Each is one of three depths, drawn from a
 * seeded random source: half are full handshakes to READY (auth none) with a fresh client
 * (its own nonce, as separate client processes have), a quarter get only the client's
 * banner, a quarter only the accept. Each then ends by the client's close, the socket
 * dropping under both ends, or the mon's own close request. The 100,000 take one to
 * two seconds (four on a busy two-core machine).
 */
class ClosedHistoryTest {
    static final long SEED = 0x5eedc105edL;
    static final EntityName ADMIN = new EntityName(EntityType.CLIENT, "admin");
    static final EntityName MON_A = new EntityName(EntityType.MON, "a");
    static final EntityAddrVec MON_ADDRS = EntityAddrVec.of(EntityAddr.v2(SockAddr.Inet4.loopback(3300), 0));

    enum Depth { ACCEPT, BANNER, READY }

    enum Ending { PEER_CLOSES, SOCKET_DROPS, MON_CLOSES }

    static Config monConfig(Integer history) {
        var b = ImmutableConfig.builder().name(MON_A).auth(AuthConfig.none(MON_A, 0))
                .defaultPolicy(Policy.STATELESS_SERVER).wireImage(SampleFrames.SYMBOLIC);
        if (history != null) {
            b.closedHistory(history);
        }
        return b.build();
    }

    static final Config CLIENT = ImmutableConfig.builder().name(ADMIN).auth(AuthConfig.none(ADMIN, 0))
            .wireImage(SampleFrames.SYMBOLIC).build();

    /** A mon, the clients that talk to it, and the ids of the mon's connections in closing order. */
    static final class World {
        final Random rnd;
        Messenger mon;
        Env clientEnv = new Env(Entropy.seeded(SEED + 1), 0, 0, EntityAddrVec.of(), UTime.ZERO);
        final List<Long> closedInOrder = new ArrayList<>();
        /** How many short connections of each depth ended each way. */
        final int[][] seen = new int[Depth.values().length][Ending.values().length];
        int clients;

        World(Config monCfg, long seed) {
            rnd = new Random(seed);
            mon = Messenger.create(monCfg, new Env(Entropy.seeded(SEED + 2), 0, 4096, MON_ADDRS, UTime.ZERO));
        }

        /** A client process of its own: a fresh messenger whose address nonce no other client has. */
        Messenger newClient() {
            clients++;
            EntityAddr blank = new EntityAddr(AddrType.ANY, clients, SockAddr.Inet4.of(0, 0, 0, 0, 0));
            return Messenger.create(CLIENT, clientEnv.withMyAddrs(EntityAddrVec.of(blank)));
        }

        EntityAddr socket() {
            return EntityAddr.v2(SockAddr.Inet4.of(127, 0, 0, 1, 1024 + clients % 60000), 0);
        }

        /** A connection handshaken to READY on both sides; the client's side is returned with the mon's ids. */
        Link ready() {
            Messenger client = newClient();
            Messenger.Result dialed = client.dial(MON_ADDRS, EntityType.MON);
            Messenger.Result accepted = mon.accept(socket());
            Link l = new Link(dialed.messenger(), dialed.conn(), dialed.transport(), accepted.conn(), accepted.transport());
            mon = accepted.messenger();
            Deque<Object[]> wire = new ArrayDeque<>();
            accepted.effects().forEach(o -> wire.add(new Object[] {false, o.effect()}));
            Messenger.Result connected = l.client.onTransport(l.clientTransport, new Input.TransportConnected());
            l.client = connected.messenger();
            connected.effects().forEach(o -> wire.add(new Object[] {true, o.effect()}));
            pump(l, wire);
            assertEquals(StateKind.READY, l.client.conn(l.clientConn).orElseThrow().kind());
            assertEquals(StateKind.READY, mon.conn(l.monConn).orElseThrow().kind());
            clientEnv = l.client.env();
            return l;
        }

        /** Carries effects to the other side until nothing more is sent. */
        void pump(Link l, Deque<Object[]> wire) {
            while (!wire.isEmpty()) {
                Object[] next = wire.poll();
                boolean toMon = (boolean) next[0];
                Input in = switch ((Effect) next[1]) {
                    case Effect.SendBanner b -> new Input.BannerReceived(b.banner(), SampleFrames.SYMBOLIC.banner(b.banner()));
                    case Effect.SendFrame f -> new Input.FrameReceived(f.frame(),
                            SampleFrames.SYMBOLIC.plainFrame(f.frame(), true));
                    case Effect.CloseTransport c -> new Input.TransportClosed("closed by peer");
                    default -> null;
                };
                if (in == null || !toMon && l.client == null) {
                    continue;
                }
                Messenger.Result r;
                if (toMon) {
                    r = mon.onTransport(l.monTransport, in);
                    mon = r.messenger();
                } else {
                    r = l.client.onTransport(l.clientTransport, in);
                    l.client = r.messenger();
                }
                r.effects().forEach(o -> wire.add(new Object[] {!toMon, o.effect()}));
            }
        }

        /** The client closes {@code l}, and what that sends is carried across until nothing more is sent. */
        void clientCloses(Link l) {
            Messenger.Result r = l.client.onConnection(l.clientConn, new Input.CloseRequested());
            l.client = r.messenger();
            Deque<Object[]> wire = new ArrayDeque<>();
            r.effects().forEach(o -> wire.add(new Object[] {true, o.effect()}));
            pump(l, wire);
        }

        /** One short connection of a random depth and ending, once it is closed. */
        Link shortConnection() {
            Depth depth = rnd.nextBoolean() ? Depth.READY : rnd.nextBoolean() ? Depth.BANNER : Depth.ACCEPT;
            Ending ending = Ending.values()[rnd.nextInt(Ending.values().length)];
            Link l;
            if (depth == Depth.READY) {
                l = ready();
            } else {
                clients++;
                Messenger.Result accepted = mon.accept(socket());
                mon = accepted.messenger();
                l = new Link(null, Messenger.NONE, Messenger.NONE, accepted.conn(), accepted.transport());
                if (depth == Depth.BANNER) {
                    var b = CLIENT.wireBanner();
                    mon = mon.onTransport(l.monTransport, new Input.BannerReceived(b, SampleFrames.SYMBOLIC.banner(b)))
                            .messenger();
                }
            }
            Deque<Object[]> wire = new ArrayDeque<>();
            switch (ending) {
                case PEER_CLOSES -> {
                    if (l.client != null) {
                        Messenger.Result r = l.client.onConnection(l.clientConn, new Input.CloseRequested());
                        l.client = r.messenger();
                        r.effects().forEach(o -> wire.add(new Object[] {true, o.effect()}));
                    } else {
                        wire.add(new Object[] {true, new Effect.CloseTransport(new CloseReason.TransportLost("gone"))});
                    }
                }
                case SOCKET_DROPS -> {
                    // both ends see the TCP connection go
                    Effect lost = new Effect.CloseTransport(new CloseReason.TransportLost("reset"));
                    wire.add(new Object[] {true, lost});
                    wire.add(new Object[] {false, lost});
                }
                case MON_CLOSES -> {
                    Messenger.Result r = mon.onConnection(l.monConn, new Input.CloseRequested());
                    mon = r.messenger();
                    r.effects().forEach(o -> wire.add(new Object[] {false, o.effect()}));
                }
            }
            pump(l, wire);
            assertTrue(mon.conn(l.monConn).map(c -> c.kind() == StateKind.CLOSED).orElse(true),
                    () -> depth + "/" + ending + ": mon's #" + l.monConn + " is not closed");
            if (l.client != null) {
                assertTrue(l.client.conn(l.clientConn).map(c -> c.kind() == StateKind.CLOSED).orElse(true),
                        () -> depth + "/" + ending + ": the client's connection is not closed");
                assertTrue(l.client.conns().size() <= CLIENT.closedHistory());
                clientEnv = l.client.env();
            }
            closedInOrder.add(l.monConn);
            seen[depth.ordinal()][ending.ordinal()]++;
            return l;
        }

        /** The mon's connection ids closed last, at most {@code n}, oldest first. */
        List<Long> lastClosed(int n) {
            return closedInOrder.subList(Math.max(0, closedInOrder.size() - n), closedInOrder.size());
        }
    }

    /** Both ends of one connection: the client's messenger and ids, the mon's ids. */
    static final class Link {
        Messenger client;
        final long clientConn;
        final long clientTransport;
        final long monConn;
        final long monTransport;

        Link(Messenger client, long clientConn, long clientTransport, long monConn, long monTransport) {
            this.client = client;
            this.clientConn = clientConn;
            this.clientTransport = clientTransport;
            this.monConn = monConn;
            this.monTransport = monTransport;
        }
    }

    @Test
    void aHundredThousandShortConnectionsLeaveOnlyTheHistory() {
        World w = new World(monConfig(null), SEED);
        int history = w.mon.config().closedHistory();
        assertEquals(64, history);
        for (int i = 0; i < 100_000; i++) {
            w.shortConnection();
            if (i % 997 == 0) {
                assertTrue(w.mon.conns().size() <= history, "after " + (i + 1) + ": " + w.mon.conns().size());
            }
        }
        Messenger mon = w.mon;
        for (Depth d : Depth.values()) {
            for (Ending e : Ending.values()) {
                assertTrue(w.seen[d.ordinal()][e.ordinal()] > 1_000, d + "/" + e);
            }
        }
        int handshakes = java.util.Arrays.stream(w.seen[Depth.READY.ordinal()]).sum();
        assertEquals(4096 + handshakes, mon.env().nextGlobalId()); // one global id per authenticated client
        List<Long> kept = w.lastClosed(history);
        assertEquals(kept, mon.closed().toJavaList());
        assertEquals(io.vavr.collection.HashSet.ofAll(kept), mon.conns().keySet());
        assertTrue(mon.conns().values().forAll(c -> c.kind() == StateKind.CLOSED));
        assertTrue(mon.transportOf().isEmpty(), () -> "transports: " + mon.transportOf());
        assertTrue(mon.connOf().isEmpty(), () -> "connections: " + mon.connOf());
        assertTrue(mon.registry().isEmpty(), () -> "registry: " + mon.registry());
        // a forgotten connection is like an unknown one
        long gone = w.closedInOrder.get(0);
        assertTrue(mon.conn(gone).isEmpty());
        Messenger.Result r = mon.onConnection(gone, new Input.CloseRequested());
        assertSame(mon, r.messenger());
        assertEquals(List.of(), r.effects());
        assertEquals(Messenger.NONE, r.transport());
    }

    @Test
    void aHistoryOfZeroKeepsNoClosedRecord() {
        World w = new World(monConfig(0), SEED + 10);
        for (int i = 0; i < 2_000; i++) {
            Link l = w.shortConnection();
            assertTrue(w.mon.conns().isEmpty(), () -> "left: " + w.mon.conns().keySet());
            assertTrue(w.mon.conn(l.monConn).isEmpty());
            assertTrue(w.mon.closed().isEmpty());
            // its transport is stale, its id unknown: both are ignored
            Messenger before = w.mon;
            Messenger.Result r = before.onTransport(l.monTransport, new Input.TransportClosed("stale"));
            assertSame(before, r.messenger());
            assertEquals(List.of(), r.effects());
            r = before.onConnection(l.monConn, new Input.CloseRequested());
            assertSame(before, r.messenger());
            assertEquals(List.of(), r.effects());
        }
        assertTrue(w.mon.transportOf().isEmpty() && w.mon.connOf().isEmpty() && w.mon.registry().isEmpty());
    }

    /**
     * A registered policy (an OSD's public messenger: stateless_registered_server) enters each
     * session in the registry by the client's address vector (accept_conn), and a closed
     * connection leaves it: the next session from the same client is a new one, found
     * nowhere, whatever the history keeps.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 64})
    void aClosedSessionLeavesTheRegistry(int history) {
        Config registered = ImmutableConfig.builder().from(monConfig(history))
                .defaultPolicy(Policy.STATELESS_REGISTERED_SERVER).build();
        World w = new World(registered, SEED + 30 + history);
        for (int i = 0; i < 3; i++) {
            Link l = w.ready();
            assertEquals(List.of(l.monConn), w.mon.registry().values().toJavaList());
            w.clientCloses(l);
            assertTrue(w.mon.conn(l.monConn).map(c -> c.kind() == StateKind.CLOSED).orElse(history == 0));
            assertTrue(w.mon.registry().isEmpty(), () -> "registry: " + w.mon.registry());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 64})
    void aLiveConnectionIsNeverEvicted(int history) {
        World w = new World(monConfig(history), SEED + 20 + history);
        Link live = w.ready();
        for (int i = 0; i < 1_000; i++) {
            w.shortConnection();
            Conn c = w.mon.conn(live.monConn).orElseThrow(() -> new AssertionError("the live connection was evicted"));
            assertEquals(StateKind.READY, c.kind());
            assertTrue(w.mon.conns().size() <= history + 1);
        }
        Messenger mon = w.mon;
        assertEquals(w.lastClosed(history), mon.closed().toJavaList());
        assertEquals(history + 1, mon.conns().size());
        assertEquals(io.vavr.collection.HashMap.of(live.monConn, live.monTransport), mon.transportOf());
        assertEquals(io.vavr.collection.HashMap.of(live.monTransport, live.monConn), mon.connOf());
        assertTrue(mon.registry().isEmpty()); // a stateless server's sessions are not registered
        // and it still works: the client closes it, and it joins the history like any other
        w.clientCloses(live);
        assertTrue(w.mon.conn(live.monConn).map(c -> c.kind() == StateKind.CLOSED).orElse(history == 0));
        assertEquals(history, w.mon.conns().size());
        assertTrue(w.mon.transportOf().isEmpty() && w.mon.connOf().isEmpty() && w.mon.registry().isEmpty());
    }
}
