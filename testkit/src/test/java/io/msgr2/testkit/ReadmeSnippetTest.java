package io.msgr2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.msgr2.codec.CodecWireImage;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.Messenger;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/** The README's "drive a handshake without any IO" snippet, kept compiling and passing. */
class ReadmeSnippetTest {
    @Test
    void handshakeWithoutIo() {
        // README snippet begin
        EntityName admin = new EntityName(EntityType.CLIENT, "admin");
        EntityName monA = new EntityName(EntityType.MON, "a");
        Config clientCfg = ImmutableConfig.builder().name(admin).auth(AuthConfig.none(admin, 0))
                .wireImage(CodecWireImage.INSTANCE).build();                       // lossy_client by default
        Config monCfg = ImmutableConfig.builder().name(monA).auth(AuthConfig.none(monA, 0))
                .defaultPolicy(Policy.STATELESS_SERVER).wireImage(CodecWireImage.INSTANCE).build();
        EntityAddrVec monAddrs = EntityAddrVec.of(EntityAddr.v2(SockAddr.Inet4.loopback(3300), 0));
        EntityAddr blank = new EntityAddr(AddrType.ANY, 42, SockAddr.Inet4.of(0, 0, 0, 0, 0));

        // time and randomness are inputs: here a seeded random source and time zero
        Messenger client = Messenger.create(clientCfg, new Env(Entropy.seeded(1), 0, 0, EntityAddrVec.of(blank), UTime.ZERO));
        Messenger mon = Messenger.create(monCfg, new Env(Entropy.seeded(2), 0, 4096, monAddrs, UTime.ZERO));

        Messenger.Result dialed = client.dial(monAddrs, EntityType.MON);           // effects: Connect(v2:127.0.0.1:3300/0)
        client = dialed.messenger();
        Messenger.Result accepted = mon.accept(EntityAddr.v2(SockAddr.Inet4.of(127, 0, 0, 1, 40000), 0));
        mon = accepted.messenger();
        long clientTransport = dialed.transport();
        long monTransport = accepted.transport();

        // carry each side's effects to the other as inputs: banners and frames, no bytes at all
        Deque<Object[]> wire = new ArrayDeque<>();                                 // {toMon?, effect}
        accepted.effects().forEach(o -> wire.add(new Object[] {false, o.effect()}));
        var connected = client.onTransport(clientTransport, new Input.TransportConnected());
        client = connected.messenger();
        connected.effects().forEach(o -> wire.add(new Object[] {true, o.effect()}));
        while (!wire.isEmpty()) {
            Object[] next = wire.poll();
            boolean toMon = (boolean) next[0];
            Input in = switch ((Effect) next[1]) {
                case Effect.SendBanner b -> new Input.BannerReceived(b.banner(), CodecWireImage.INSTANCE.banner(b.banner()));
                case Effect.SendFrame f -> new Input.FrameReceived(f.frame(), CodecWireImage.INSTANCE.plainFrame(f.frame(), true));
                default -> null;                                                   // timers, notifications: not needed here
            };
            if (in == null) {
                continue;
            }
            Messenger.Result r = toMon ? mon.onTransport(monTransport, in) : client.onTransport(clientTransport, in);
            if (toMon) {
                mon = r.messenger();
            } else {
                client = r.messenger();
            }
            r.effects().forEach(o -> wire.add(new Object[] {!toMon, o.effect()}));
        }
        // both sides are READY; the mon handed out global_id 4096
        // README snippet end
        assertEquals(StateKind.READY, client.conn(dialed.conn()).orElseThrow().kind());
        assertEquals(StateKind.READY, mon.conn(accepted.conn()).orElseThrow().kind());
    }
}
