package io.msgr2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.conn.CloseReason;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.AuthSignature;
import io.msgr2.spec.frame.DecodeFailure;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * cephx and secure mode through the simulator, with the real codec: a client authenticates
 * to a mon (mon role) and, with the tickets it got, to an OSD (service role); a tampered
 * secure frame and a wrong AUTH_SIGNATURE each end the connection with a typed reason and
 * deliver nothing.
 */
class CephxSimTest {
    static final EntityName CLIENT = new EntityName(EntityType.CLIENT, "admin");
    static final EntityName MON = new EntityName(EntityType.MON, "a");
    static final EntityName OSD = new EntityName(EntityType.OSD, "0");

    record World(Sim sim, Sim.Peer cli, Sim.Peer mon, Sim.Peer osd, List<Sim.Event> events) {}

    static World world(ConnectionMode mode) {
        return world(mode, io.msgr2.spec.auth.cephx.CryptoKey.TYPE_AES);
    }

    static World world(ConnectionMode mode, int keyType) {
        CephxWorld w = new CephxWorld(42, List.of(CLIENT, MON, OSD), keyType);
        Sim sim = new Sim(7);
        List<ConnectionMode> modes = List.of(mode);
        Sim.Peer mon = sim.addPeer("mon.a", w.apply(Configs.mon("a"), modes), Configs.v2(1, 3300, 0));
        Sim.Peer osd = sim.addPeer("osd.0", w.apply(Configs.osd(0), modes), Configs.v2(2, 6800, 99));
        Sim.Peer cli = sim.addPeer("client.admin", w.apply(Configs.client("admin"), modes), Configs.clientAddr(5));
        List<Sim.Event> events = new ArrayList<>();
        sim.onEvent(events::add);
        return new World(sim, cli, mon, osd, events);
    }

    static long dial(Sim sim, Sim.Peer from, Sim.Peer to, EntityType type) {
        long[] conn = new long[1];
        sim.act(from, m -> {
            var r = m.dial(to.addrs(), type);
            conn[0] = r.conn();
            return r;
        });
        sim.runUntil(sim.now() + 1000, 10_000);
        return conn[0];
    }

    static void send(World w, long conn, String text) {
        Message m = new Message(MsgHeader2.of(0x7fff, 127, 1, 1), Bytes.ascii(text), Bytes.EMPTY, Bytes.EMPTY);
        w.sim().act(w.cli(), x -> x.onConnection(conn, new Input.SendRequested(m)));
        w.sim().runUntil(w.sim().now() + 1000, 10_000);
    }

    @ParameterizedTest(name = "mode {0}, key type {1}")
    @CsvSource({"1, 1", "2, 1", "1, 2", "2, 2"})
    void monThenOsdWithTheMonsTickets(int modeValue, int keyType) {
        ConnectionMode mode = new ConnectionMode(modeValue);
        World w = world(mode, keyType);
        long monConn = dial(w.sim(), w.cli(), w.mon(), EntityType.MON);
        var c = w.cli().messenger().conn(monConn).orElseThrow();
        assertEquals(StateKind.READY, c.kind(), String.join("\n", w.sim().trace()));
        assertEquals(mode, c.link().orElseThrow().auth().orElseThrow().mode());
        var tickets = w.cli().messenger().env().tickets();
        assertEquals(4096, tickets.globalId());
        assertTrue(tickets.get(EntityType.OSD).isPresent());
        assertEquals(keyType, tickets.get(EntityType.OSD).get().sessionKey().type(), "session keys of the client key's type");

        long osdConn = dial(w.sim(), w.cli(), w.osd(), EntityType.OSD);
        var o = w.cli().messenger().conn(osdConn).orElseThrow();
        assertEquals(StateKind.READY, o.kind(), String.join("\n", w.sim().trace()));
        assertEquals(mode, o.link().orElseThrow().auth().orElseThrow().mode());
        send(w, osdConn, "hello osd");
        assertTrue(w.events().stream().anyMatch(e -> e instanceof Sim.Event.Delivered d && d.peer().equals("osd.0")));
        // the authorizer took its challenge round
        assertTrue(w.events().stream().anyMatch(e -> e instanceof Sim.Event.Sent s && s.peer().equals("osd.0")
                && s.frame().tag() == Tag.AUTH_REPLY_MORE));
    }

    @Test
    void withoutATicketTheOsdConnectionStopsWithAClearReason() {
        World w = world(ConnectionMode.SECURE);
        long osdConn = dial(w.sim(), w.cli(), w.osd(), EntityType.OSD);
        assertEquals(StateKind.CLOSED, w.cli().messenger().conn(osdConn).orElseThrow().kind());
        CloseReason r = closed(w, "client.admin");
        assertTrue(r instanceof CloseReason.AuthFailed a && a.detail().contains("no cephx ticket for osd"), r.toString());
    }

    @Test
    void aTamperedSecureFrameClosesTheConnectionAndIsNotDelivered() {
        World w = world(ConnectionMode.SECURE);
        long monConn = dial(w.sim(), w.cli(), w.mon(), EntityType.MON);
        assertEquals(StateKind.READY, w.cli().messenger().conn(monConn).orElseThrow().kind());
        w.sim().tamper(new Sim.Tamper() {
            @Override
            public Bytes wire(String sender, Frame f, Bytes wire) {
                if (!sender.equals("client.admin") || f.tag() != Tag.MESSAGE) {
                    return wire;
                }
                byte[] b = wire.toByteArray();
                b[b.length / 2] ^= 0x01;
                return Bytes.wrap(b);
            }
        });
        send(w, monConn, "tampered");
        CloseReason r = closed(w, "mon.a");
        CloseReason.MalformedInput m = assertInstanceOf(CloseReason.MalformedInput.class, r);
        assertEquals(DecodeFailure.AUTH_TAG_MISMATCH, m.kind());
        assertFalse(w.events().stream().anyMatch(e -> e instanceof Sim.Event.Delivered d && d.peer().equals("mon.a")));
    }

    @ParameterizedTest(name = "{0} signs wrongly, mode {1}")
    @CsvSource({"client.admin, 1", "client.admin, 2", "mon.a, 1", "mon.a, 2"})
    void aWrongAuthSignatureClosesTheConnectionWithTheViolation(String liar, int modeValue) {
        World w = world(new ConnectionMode(modeValue));
        w.sim().tamper(new Sim.Tamper() {
            @Override
            public Frame frame(String sender, Frame f) {
                if (sender.equals(liar) && f instanceof AuthSignature s) {
                    byte[] b = s.signature().toByteArray();
                    b[0] ^= 0x80;
                    return new AuthSignature(Bytes.wrap(b));
                }
                return f;
            }
        });
        dial(w.sim(), w.cli(), w.mon(), EntityType.MON);
        String checker = liar.equals("mon.a") ? "client.admin" : "mon.a";
        CloseReason r = closed(w, checker);
        CloseReason.ProtocolViolation v = assertInstanceOf(CloseReason.ProtocolViolation.class, r);
        assertEquals(CloseReason.Violation.SIGNATURE_MISMATCH, v.violation());
        assertFalse(w.events().stream().anyMatch(e -> e instanceof Sim.Event.Notified n
                && n.peer().equals(checker) && n.event() == io.msgr2.spec.conn.ConnectionEvent.ACCEPTED));
    }

    @Test
    void aWrongKeyIsRefusedByTheMon() {
        CephxWorld w = new CephxWorld(42, List.of(CLIENT, MON));
        CephxWorld other = new CephxWorld(43, List.of(CLIENT, MON));
        Sim sim = new Sim(3);
        Sim.Peer mon = sim.addPeer("mon.a", w.apply(Configs.mon("a"), List.of(ConnectionMode.SECURE)),
                Configs.v2(1, 3300, 0));
        Sim.Peer cli = sim.addPeer("client.admin", other.apply(Configs.client("admin"), List.of(ConnectionMode.SECURE)),
                Configs.clientAddr(5));
        List<Sim.Event> events = new ArrayList<>();
        sim.onEvent(events::add);
        dial(sim, cli, mon, EntityType.MON);
        CloseReason r = events.stream().filter(e -> e instanceof Sim.Event.TransportClosed t && t.peer().equals("client.admin"))
                .map(e -> ((Sim.Event.TransportClosed) e).reason()).findFirst().orElseThrow();
        assertTrue(r instanceof CloseReason.AuthFailed a && a.detail().contains("permission denied"), r.toString());
    }

    static CloseReason closed(World w, String peer) {
        return w.events().stream().filter(e -> e instanceof Sim.Event.TransportClosed t && t.peer().equals(peer))
                .map(e -> ((Sim.Event.TransportClosed) e).reason()).findFirst()
                .orElseThrow(() -> new AssertionError(peer + " never closed:\n" + String.join("\n", w.sim().trace())));
    }
}
