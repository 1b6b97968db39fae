package io.msgr2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.msgr2.codec.CodecWireImage;
import io.msgr2.codec.endpoint.Endpoint;
import io.msgr2.codec.endpoint.Outgoing;
import io.msgr2.codec.endpoint.Received;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.Role;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.Messenger;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/embedding.md's example, kept compiling and running: the pure messenger of each side,
 * one {@link Endpoint} per TCP connection, and bytes carried between them by hand (the part a
 * transport does with sockets). A client and a mon reach READY and one message arrives.
 */
class EmbeddingExampleTest {
    /** One side: its messenger, its one TCP connection's endpoint, and what it delivered. */
    static final class Side {
        Messenger messenger;
        Endpoint endpoint;
        long transport;
        final List<Message> delivered = new ArrayList<>();

        Side(Messenger m) {
            this.messenger = m;
        }

        // embedding snippet begin
        /** Steps the spec and carries out its effects: wire effects to the endpoint, the rest to us. */
        void step(Messenger.Result r) {
            messenger = r.messenger();
            for (Messenger.Out o : r.effects()) {
                if (o.effect() instanceof Effect.Connect) {
                    transport = o.transport();           // a real transport opens a socket here
                    endpoint = Endpoint.of(Role.CLIENT);
                } else if (!endpoint.submit(o.effect())) {   // not the wire's: deliveries, timers, ...
                    if (o.effect() instanceof Effect.Deliver d) {
                        delivered.add(d.message());
                    }
                }
            }
        }

        /** Bytes the endpoint has for the wire, in the spec's order. */
        byte[] toWire() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Outgoing o; (o = endpoint.sender().next()) instanceof Outgoing.Write w; ) {
                w.wire().chunks().forEach(b -> out.write(b.unsafeArray(), b.unsafeOffset(), b.length()));
            }
            return out.toByteArray();
        }

        /** Bytes from the wire: every banner and frame they complete steps the spec. */
        void fromWire(byte[] bytes) {
            endpoint.receiver().feed(Bytes.wrap(bytes));
            for (Received r; !(r = endpoint.receiver().next()).stalled(); ) {
                r.input().ifPresent(in -> step(messenger.onTransport(transport, in)));
            }
        }
        // embedding snippet end
    }

    @Test
    void aClientAndAMonReachReadyThroughTwoEndpoints() {
        EntityName admin = new EntityName(EntityType.CLIENT, "admin");
        EntityName monA = new EntityName(EntityType.MON, "a");
        Config clientCfg = ImmutableConfig.builder().name(admin).auth(AuthConfig.none(admin, 0))
                .wireImage(CodecWireImage.INSTANCE).build();
        Config monCfg = ImmutableConfig.builder().name(monA).auth(AuthConfig.none(monA, 0))
                .defaultPolicy(Policy.STATELESS_SERVER).wireImage(CodecWireImage.INSTANCE).build();
        EntityAddrVec monAddrs = EntityAddrVec.of(EntityAddr.v2(SockAddr.Inet4.loopback(3300), 0));
        EntityAddr blank = new EntityAddr(AddrType.ANY, 42, SockAddr.Inet4.of(0, 0, 0, 0, 0));
        Side client = new Side(Messenger.create(clientCfg, new Env(Entropy.seeded(1), 0, 0, EntityAddrVec.of(blank),
                UTime.ZERO)));
        Side mon = new Side(Messenger.create(monCfg, new Env(Entropy.seeded(2), 0, 4096, monAddrs, UTime.ZERO)));

        client.step(client.messenger.dial(monAddrs, EntityType.MON));        // Connect: a new endpoint
        Messenger.Result accepted = mon.messenger.accept(EntityAddr.v2(SockAddr.Inet4.of(127, 0, 0, 1, 40000), 0));
        mon.transport = accepted.transport();
        mon.endpoint = Endpoint.of(Role.SERVER);
        mon.step(accepted);                                                   // the mon's banner is queued
        client.step(client.messenger.onTransport(client.transport, new Input.TransportConnected()));
        for (int round = 0; round < 20; round++) {                           // carry bytes both ways
            mon.fromWire(client.toWire());
            client.fromWire(mon.toWire());
        }
        long conn = client.messenger.connOf().get(client.transport).get();
        assertEquals(StateKind.READY, client.messenger.conn(conn).orElseThrow().kind());

        client.step(client.messenger.onConnection(conn, new Input.SendRequested(new Message(
                MsgHeader2.of(2, MsgHeader2.PRIO_DEFAULT, 1, 1), Bytes.ascii("hello"), Bytes.EMPTY, Bytes.EMPTY))));
        mon.fromWire(client.toWire());
        assertEquals(1, mon.delivered.size());
        assertEquals("hello", new String(mon.delivered.get(0).front().toByteArray()));
    }
}
