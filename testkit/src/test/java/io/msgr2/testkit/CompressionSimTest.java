package io.msgr2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.conn.Compression;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.CompressionDone;
import io.msgr2.spec.frame.CompressionRequest;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Java-Java compression through the simulator and the real codec: two OSDs in force mode
 * negotiate each method, in crc and secure mode, in both framings, and lossless sessions
 * carry seeded messages around the minimum size intact; a client asking an OSD is refused
 * as Ceph refuses it; peers without the bit skip the exchange.
 */
class CompressionSimTest {
    record Run(Sim sim, List<Sim.Event> events, List<Message> sent) {}

    static Run run(List<CompressionMethod> a, List<CompressionMethod> b, ConnectionMode mode, boolean rev1,
                   EntityType clientType, boolean advertise) {
        Sim sim = new Sim(17);
        EntityName n1 = new EntityName(clientType, "1");
        EntityName n2 = new EntityName(EntityType.OSD, "2");
        CephxWorld w = new CephxWorld(3, List.of(n1, n2));
        Banner banner = rev1 ? Banner.PACIFIC : new Banner(0, 0);
        Compression ca = advertise ? Compression.force(a) : Compression.OFF;
        Config c1 = w.apply(ImmutableConfig.builder().from(Configs.withPolicy(n1, 1, Policy.LOSSLESS_PEER))
                .compression(ca).banner(banner).build(), List.of(mode));
        Config c2 = w.apply(ImmutableConfig.builder().from(Configs.withPolicy(n2, 2, Policy.LOSSLESS_PEER))
                .compression(Compression.force(b)).banner(banner).build(), List.of(mode));
        Sim.Peer p1 = sim.addPeer("a", c1, Configs.v2(1, 6800, 11));
        Sim.Peer p2 = sim.addPeer("b", c2, Configs.v2(2, 6800, 22));
        sim.tickets(p1, w.tickets(n1, 1));
        List<Sim.Event> events = new ArrayList<>();
        sim.onEvent(events::add);
        SplittableRandom rnd = new SplittableRandom(5);
        List<Message> sent = new ArrayList<>();
        long[] conn = new long[1];
        sim.act(p1, m -> {
            var r = m.dial(p2.addrs(), EntityType.OSD);
            conn[0] = r.conn();
            return r;
        });
        sim.runUntil(1000, 100_000);
        for (int i = 0; i < 60; i++) {
            int size = i < 40 ? 960 + i * 3 : rnd.nextInt(200_000);
            byte[] body = new byte[size];
            if (rnd.nextBoolean()) {
                rnd.nextBytes(body);
            }
            Message m = new Message(MsgHeader2.of(0x7fff, 127, 1, 1), Bytes.wrap(body), Bytes.EMPTY,
                    Bytes.wrap(new byte[rnd.nextInt(3) * 4096]));
            sent.add(m);
            sim.act(p1, x -> x.onConnection(conn[0], new Input.SendRequested(m)));
        }
        sim.runUntil(5000, 1_000_000);
        assertEquals(StateKind.READY, p1.messenger().conn(conn[0]).orElseThrow().kind(), String.join("\n", sim.trace()));
        return new Run(sim, events, sent);
    }

    static List<Message> delivered(Run r, String peer) {
        return r.events().stream().filter(e -> e instanceof Sim.Event.Delivered d && d.peer().equals(peer))
                .map(e -> ((Sim.Event.Delivered) e).message()).toList();
    }

    static <T> List<T> sent(Run r, String peer, Class<T> type) {
        return r.events().stream().filter(e -> e instanceof Sim.Event.Sent s && s.peer().equals(peer)
                && type.isInstance(s.frame())).map(e -> type.cast(((Sim.Event.Sent) e).frame())).toList();
    }

    @ParameterizedTest(name = "{0}, mode {1}, rev1 {2}")
    @CsvSource({
        "1, 1, true", "2, 1, true", "3, 1, true", "4, 1, true",
        "1, 2, true", "2, 2, true", "3, 2, true", "4, 2, true",
        "1, 1, false", "3, 2, false",
    })
    void twoOsdsNegotiateAndCarryMessagesIntact(int method, int mode, boolean rev1) {
        CompressionMethod m = new CompressionMethod(method);
        Run r = run(List.of(m, CompressionMethod.SNAPPY), List.of(CompressionMethod.LZ4, CompressionMethod.ZLIB,
                CompressionMethod.ZSTD, CompressionMethod.SNAPPY), new ConnectionMode(mode), rev1, EntityType.OSD, true);
        CompressionDone done = sent(r, "b", CompressionDone.class).get(0);
        assertTrue(done.compress());
        assertEquals(m, done.method(), "the client's order wins");
        List<Message> got = delivered(r, "b");
        assertEquals(r.sent().size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(r.sent().get(i).front(), got.get(i).front(), "message " + i);
            assertEquals(r.sent().get(i).data(), got.get(i).data(), "message " + i);
        }
    }

    @ParameterizedTest(name = "client type {0}")
    @CsvSource({"8", "16"})
    void aNonOsdClientIsRefusedAsCephRefusesIt(int type) {
        Run r = run(List.of(CompressionMethod.SNAPPY), List.of(CompressionMethod.SNAPPY), ConnectionMode.CRC, true,
                new EntityType(type), true);
        // it asks (its peer is an OSD, its mode is force), the OSD refuses: only OSDs compress with OSDs
        assertEquals(new CompressionRequest(true, List.of(CompressionMethod.SNAPPY)),
                sent(r, "a", CompressionRequest.class).get(0));
        assertEquals(new CompressionDone(false, CompressionMethod.NONE), sent(r, "b", CompressionDone.class).get(0));
        assertEquals(r.sent().size(), delivered(r, "b").size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"true", "false"})
    void withoutBothBitsThereIsNoExchange(boolean advertise) {
        Run r = run(List.of(CompressionMethod.SNAPPY), List.of(CompressionMethod.SNAPPY), ConnectionMode.CRC, true,
                EntityType.OSD, advertise);
        boolean exchanged = r.events().stream().anyMatch(e -> e instanceof Sim.Event.Sent s
                && s.frame().tag() == Tag.COMPRESSION_REQUEST);
        assertEquals(advertise, exchanged);
        assertEquals(r.sent().size(), delivered(r, "b").size());
    }
}
