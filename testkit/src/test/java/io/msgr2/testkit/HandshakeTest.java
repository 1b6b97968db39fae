package io.msgr2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    @Test
    void clientReachesReadyWithAMonAndMessagesFlowBothWays() {
        Sim sim = new Sim(1);
        Sim.Peer mon = sim.addPeer("mon.a", Configs.mon("a"), Configs.v2(1, 3300, 0));
        Sim.Peer cli = sim.addPeer("client.admin", Configs.client("admin"), Configs.clientAddr(1234));
        List<Sim.Event> events = new ArrayList<>();
        sim.onEvent(events::add);
        long[] conn = new long[1];
        sim.act(cli, m -> {
            var r = m.dial(mon.addrs(), EntityType.MON);
            conn[0] = r.conn();
            return r;
        });
        sim.runUntil(1000, 10_000);
        sim.trace().forEach(System.out::println);
        assertEquals(StateKind.READY, cli.messenger().conn(conn[0]).orElseThrow().kind());
        Message hello = new Message(MsgHeader2.of(2, 127, 1, 1), Bytes.ascii("ping"), Bytes.EMPTY, Bytes.EMPTY);
        sim.act(cli, m -> m.onConnection(conn[0], new Input.SendRequested(hello)));
        sim.runUntil(2000, 10_000);
        assertTrue(events.stream().anyMatch(e -> e instanceof Sim.Event.Delivered d && d.peer().equals("mon.a")),
                String.join("\n", sim.trace()));
    }
}
