package io.msgr2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.conn.CloseReason;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Optimistic pipelining: with a fixed 10 ms one-way latency, a pipelining client's first
 * message reaches the mon exactly one round trip (20 ms) sooner than without, with auth
 * none and with cephx in both modes; the server needs nothing; a server whose banner lacks
 * msgr2.1 gets a fresh connection without pipelining and the session still comes up.
 */
class PipeliningTest {
    static final int LATENCY = 10;

    record Run(long firstDelivery, List<Sim.Event> events, Sim sim) {}

    static Run run(boolean pipelining, String auth, Banner monBanner) {
        Sim sim = new Sim(11);
        sim.faults(new Sim.Faults(0, LATENCY, LATENCY));
        Config mon = ImmutableConfig.builder().from(Configs.mon("a")).banner(monBanner).build();
        Config cli = ImmutableConfig.builder().from(Configs.client("admin")).pipelining(pipelining).build();
        if (!auth.equals("none")) {
            CephxWorld w = new CephxWorld(5, List.of(new EntityName(EntityType.MON, "a"),
                    new EntityName(EntityType.CLIENT, "admin")));
            List<ConnectionMode> modes = List.of(auth.equals("secure") ? ConnectionMode.SECURE : ConnectionMode.CRC);
            mon = w.apply(mon, modes);
            cli = w.apply(cli, modes);
        }
        Sim.Peer m = sim.addPeer("mon.a", mon, Configs.v2(1, 3300, 0));
        Sim.Peer c = sim.addPeer("client.admin", cli, Configs.clientAddr(9));
        List<Sim.Event> events = new ArrayList<>();
        long[] first = {-1};
        sim.onEvent(e -> {
            events.add(e);
            if (e instanceof Sim.Event.Delivered d && d.peer().equals("mon.a") && first[0] < 0) {
                first[0] = sim.now();
            }
        });
        Message hello = new Message(MsgHeader2.of(0x7fff, 127, 1, 1), Bytes.ascii("hi"), Bytes.EMPTY, Bytes.EMPTY);
        sim.act(c, x -> {
            var r = x.dial(m.addrs(), EntityType.MON);
            var q = r.messenger().onConnection(r.conn(), new Input.SendRequested(hello));
            return new io.msgr2.spec.conn.Messenger.Result(q.messenger(),
                    java.util.stream.Stream.concat(r.effects().stream(), q.effects().stream()).toList(), r.conn(),
                    r.transport());
        });
        sim.runUntil(5_000, 100_000);
        return new Run(first[0], events, sim);
    }

    @ParameterizedTest(name = "auth {0}")
    @CsvSource({"none", "crc", "secure"})
    void onePipelinedFlightSavesOneRoundTrip(String auth) {
        Run plain = run(false, auth, Banner.PACIFIC);
        Run piped = run(true, auth, Banner.PACIFIC);
        assertTrue(plain.firstDelivery() > 0 && piped.firstDelivery() > 0, String.join("\n", piped.sim().trace()));
        assertEquals(2 * LATENCY, plain.firstDelivery() - piped.firstDelivery(),
                "plain " + plain.firstDelivery() + " ms, pipelined " + piped.firstDelivery() + " ms");
        // the pipelined client sent HELLO and AUTH_REQUEST before it heard anything
        assertTrue(piped.sim().trace().stream().anyMatch(l -> l.contains("client.admin#1 > AUTH_REQUEST")));
    }

    @ParameterizedTest(name = "auth {0}")
    @CsvSource({"none", "secure"})
    void aMsgr20ServerGetsAFreshConnectionWithoutPipelining(String auth) {
        Run r = run(true, auth, new Banner(0, 0));
        assertTrue(r.firstDelivery() > 0, String.join("\n", r.sim().trace()));
        assertTrue(r.events().stream().anyMatch(e -> e instanceof Sim.Event.TransportClosed t
                && t.peer().equals("client.admin") && t.reason() instanceof CloseReason.PipeliningRefused));
        long resets = r.events().stream().filter(e -> e instanceof Sim.Event.Notified n && n.peer().equals("client.admin")
                && n.event() == io.msgr2.spec.conn.ConnectionEvent.RESET).count();
        assertEquals(0, resets, "a fallback is not a reset of the client's session");
        assertTrue(r.sim().trace().stream().noneMatch(l -> l.contains("VIOLATION")));
        assertEquals(StateKind.READY, r.sim().peers().stream().filter(p -> p.name.equals("client.admin")).findFirst()
                .orElseThrow().messenger().conns().values().head().kind());
    }
}
