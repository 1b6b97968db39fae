package io.msgr2.conform.probe;

import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.codec.frame.Wire;
import io.msgr2.spec.auth.AuthNone;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.Tickets;
import io.msgr2.spec.frame.AuthRequest;
import io.msgr2.spec.frame.AuthSignature;
import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.CompressionRequest;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Hello;
import io.msgr2.spec.frame.Keepalive2Ack;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CephFeatures;
import io.msgr2.spec.wire.CompressionMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MessageType;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/**
 * A client under test for {@link ClientScenarioDeviationTest}: {@code java ... DeviantClient
 * RULE ADDR KEY [good]} connects to the probe's mon at ADDR (v2:127.0.0.1:PORT) as client.admin
 * and breaks RULE (a client scenario's name without its framing suffix), or breaks nothing with
 * {@code good}. Our spec and codec with one hook, or a blind script that writes a whole auth
 * none handshake without reading, or a client that hangs after the server closes.
 */
public final class DeviantClient {
    private DeviantClient() {}

    static final EntityName ADMIN = new EntityName(EntityType.CLIENT, "admin");

    public static void main(String[] args) throws Exception {
        String rule = args[0];
        String[] hp = args[1].replaceFirst("^v2:", "").split(":");
        InetSocketAddress target = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
        CryptoKey key = CryptoKey.fromBase64(args[2]).orElseThrow();
        boolean good = args.length > 3;
        boolean rev1 = !rule.endsWith(".rev0");
        String base = rule.replaceAll("\\.rev[01]$", "");
        Duration t = Duration.ofSeconds(6);
        List<ConnectionMode> modes = base.equals("client.secure") ? List.of(ConnectionMode.SECURE)
                : List.of(ConnectionMode.CRC);
        var who = new SpecPeer.Identity(ADMIN, CephxConfig.client(ADMIN, key).withModes(modes), rev1,
                base.equals("client.compression-with-bit"));
        if (good) {
            SpecPeer.run(target, 0, t, who, EntityType.MON, Tickets.NONE, Hooks.NONE, now -> List.of(), fs -> false);
            return;
        }
        switch (base) {
            case "client.handshake", "client.secure" -> // a frame that does not verify: a byte of its segment flipped
                    SpecPeer.run(target, 0, t, who, EntityType.MON, Tickets.NONE, new Hooks() {
                        @Override
                        public Wire frameWire(Frame f, Wire encoded) {
                            return f instanceof ClientIdent ? flipInSegment(encoded) : encoded;
                        }
                    }, now -> List.of(), fs -> false);
            case "client.no-compression-without-bit" -> // COMPRESSION_REQUEST to a server without the bit
                    SpecPeer.run(target, 0, t, who, EntityType.MON, Tickets.NONE, AfterAuthScenarios.frames(f ->
                            f instanceof ClientIdent ? new CompressionRequest(false, List.of(CompressionMethod.SNAPPY))
                                    : f), now -> List.of(), fs -> false);
            case "client.compression-with-bit" -> // the bit, but CLIENT_IDENT in place of COMPRESSION_REQUEST
                    SpecPeer.run(target, 0, t, who, EntityType.MON, Tickets.NONE, AfterAuthScenarios.frames(f ->
                            f instanceof CompressionRequest ? ident(target, 0) : f), now -> List.of(), fs -> false);
            case "client.keepalive" -> // KEEPALIVE2_ACK with another stamp
                    SpecPeer.run(target, 0, t, who, EntityType.MON, Tickets.NONE, AfterAuthScenarios.frames(f ->
                            f instanceof Keepalive2Ack ? new Keepalive2Ack(new UTime(1, 2)) : f), now -> List.of(),
                            fs -> false);
            case "client.auth-bad-method", "client.ident-missing-features", "client.server-ident-wrong-addr" ->
                    blind(target, rev1); // goes on whatever the server answers
            case "client.short-segments" -> // gives up at the first MESSAGE (as a client whose CRC of short data is wrong)
                    SpecPeer.run(target, 0, t, who, EntityType.MON, Tickets.NONE, Hooks.NONE, now -> List.of(),
                            fs -> fs.stream().anyMatch(f -> f instanceof Message));
            case "client.session-wait" -> { // comes straight back after WAIT instead of leaving room for the winner
                SpecPeer.run(target, 0, t, who, EntityType.MON, Tickets.NONE, Hooks.NONE, now -> List.of(),
                        fs -> fs.stream().anyMatch(f -> f.tag() == io.msgr2.spec.frame.Tag.WAIT));
                try (Socket s = new Socket()) {
                    s.connect(target);
                    Thread.sleep(3000);
                }
            }
            default -> { // the server closes mid-frame, or a session scenario: never comes back, never ends
                SpecPeer.run(target, 0, t, who, EntityType.MON, Tickets.NONE, Hooks.NONE, now -> List.of(),
                        fs -> false);
                Thread.sleep(60_000);
            }
        }
    }

    /** Byte 40: inside segment 0, after the 32-byte preamble (its CRC, or its GCM tag, no longer matches). */
    static Wire flipInSegment(Wire w) {
        byte[] b = w.toBytes().toByteArray();
        b[40] ^= 0x5a;
        return Wire.of(List.of(Bytes.wrap(b)));
    }

    static ClientIdent ident(InetSocketAddress target, long flags) {
        EntityAddr me = new EntityAddr(AddrType.ANY, 4242, SockAddr.Inet4.of(0, 0, 0, 0, 0));
        return new ClientIdent(EntityAddrVec.of(me), ServerScenarios.hello(target).peerAddr(), -1, 1,
                CephFeatures.PACIFIC_SUPPORTED, 0, flags, 0);
    }

    /** Banner, HELLO, auth none, AUTH_SIGNATURE, CLIENT_IDENT and a MESSAGE in one write, answers unread. */
    static void blind(InetSocketAddress target, boolean rev1) throws Exception {
        Hello hello = ServerScenarios.hello(target);
        Bytes all = Bytes.concat(ServerScenarios.ours(rev1), RawPeer.frame(hello, rev1),
                RawPeer.frame(new AuthRequest(AuthMethod.NONE, List.of(ConnectionMode.CRC),
                        AuthNone.payload(true, ADMIN, 0)), rev1),
                RawPeer.frame(new AuthSignature(Bytes.zeros(32)), rev1), RawPeer.frame(ident(target, 0), rev1),
                RawPeer.frame(new Message(MsgHeader2.of(MessageType.PING, MsgHeader2.PRIO_DEFAULT, 1, 0)
                        .withSeq(1, 0), Bytes.EMPTY, Bytes.EMPTY, Bytes.EMPTY), rev1));
        try (Socket s = new Socket()) {
            s.connect(target);
            OutputStream os = s.getOutputStream();
            os.write(all.toByteArray());
            os.flush();
            Thread.sleep(3000);
        }
    }
}
