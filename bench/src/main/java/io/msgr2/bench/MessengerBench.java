package io.msgr2.bench;

import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.io.ReceiveBuffers;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.KeyServer;
import io.msgr2.spec.auth.cephx.Keyring;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.spec.wire.UTime;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the messenger itself costs per round trip, without sockets, threads or a network
 * stack's own work: a client and a mon messenger (cephx, msgr2.1) joined by a {@link
 * LoopbackStack}; one message out, the mon's listener echoes it, the client's listener
 * receives the echo. Everything a round trip of the end-to-end ping-pong does in our code
 * (two spec steps, an encode, a decode, the CRC or AES-GCM of both frames and the copies
 * into and out of the read arrays, at each end) runs on one thread here, with warm caches:
 * the CPU floor of our share of that round trip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MessengerBench {
    @Param({"crc", "secure"})
    public String mode;

    @Param({"4096"})
    public int size;

    @Param({"owned", "loaned"})
    public String buffers;

    LoopbackStack stack;
    Msgr2Messenger server;
    Msgr2Messenger client;
    Msgr2Connection conn;
    Message ping;
    long echoes;

    @Setup
    public void setUp() throws Exception {
        ConnectionMode m = mode.equals("secure") ? ConnectionMode.SECURE : ConnectionMode.CRC;
        ReceiveBuffers rb = ReceiveBuffers.valueOf(buffers.toUpperCase(java.util.Locale.ROOT));
        stack = new LoopbackStack();
        EntityName mon = new EntityName(EntityType.MON, "bench");
        EntityName cli = new EntityName(EntityType.CLIENT, "bench");
        UTime now = new UTime((int) Instant.now().getEpochSecond(), 0);
        CryptoKey.Made key = CryptoKey.random(Entropy.drbg(Bytes.wrap(new byte[32])), now);
        KeyServer ks = KeyServer.create(Keyring.of(cli, key.key(), Map.of("mon", "allow *")), key.entropy(), now)
                .keyServer();
        server = Msgr2Messenger.server(MessengerOptions.builder().name(mon).gid(0)
                .auth(CephxConfig.mon(mon, ks).withServerModes(List.of(m))).stack(stack).receiveBuffers(rb).build(),
                new InetSocketAddress("127.0.0.1", 0), new Msgr2Listener() {
                    @Override
                    public void onMessage(Msgr2Connection c, Message in) {
                        c.send(new Message(MsgHeader2.of(in.header().type(), MsgHeader2.PRIO_DEFAULT, 1, 1),
                                in.front(), in.middle(), in.data()));
                    }
                });
        client = Msgr2Messenger.client(MessengerOptions.builder().name(cli)
                .auth(CephxConfig.client(cli, key.key()).withModes(List.of(m))).stack(stack).receiveBuffers(rb).build(),
                new Msgr2Listener() {
                    @Override
                    public void onMessage(Msgr2Connection c, Message in) {
                        echoes++;
                    }
                });
        conn = client.connect(server.addrs(), EntityType.MON);
        stack.run();
        if (conn.state() != StateKind.READY) {
            throw new IllegalStateException("not READY after the handshake: " + conn.state());
        }
        ping = new Message(MsgHeader2.of(0x7f01, MsgHeader2.PRIO_DEFAULT, 1, 1), Bytes.EMPTY, Bytes.EMPTY,
                Bytes.zeros(size));
    }

    /** One round trip: the ping out, the echo back. */
    @Benchmark
    public long roundTrip() {
        long before = echoes;
        conn.send(ping);
        stack.run();
        if (echoes != before + 1) {
            throw new IllegalStateException("no echo");
        }
        return echoes;
    }

    @TearDown
    public void tearDown() {
        client.close();
        server.close();
    }
}
