package io.msgr2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.KeyServer;
import io.msgr2.spec.auth.cephx.Keyring;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.spec.wire.UTime;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many large messages one way, as fast as the sender can queue them, in crc and secure mode
 * on each stack: every byte arrives, in order, and the sender's outbox bound holds.
 */
class BulkTransferTest {
    static Stream<Arguments> cases() {
        return Stacks.pairs().flatMap(p -> Stream.of(ConnectionMode.CRC, ConnectionMode.SECURE)
                .flatMap(m -> Stream.of(ReceiveBuffers.OWNED, ReceiveBuffers.LOANED)
                        .flatMap(b -> Stream.of(Arguments.of(p.get()[0], p.get()[1], m, b, 600, 256 * 1024 + 17),
                                Arguments.of(p.get()[0], p.get()[1], m, b, 20_000, 4096),
                                Arguments.of(p.get()[0], p.get()[1], m, b, 60, 3 * 1024 * 1024 + 5)))));
    }

    @ParameterizedTest(name = "client on {0}, server on {1}, {2}, {3} receive buffers, {4} x {5} bytes")
    @MethodSource("cases")
    void everyMessageArrivesInOrder(String clientStack, String serverStack, ConnectionMode mode, ReceiveBuffers buffers,
                                    int count, int size) throws Exception {
        EntityName mon = new EntityName(EntityType.MON, "bulk");
        EntityName cli = new EntityName(EntityType.CLIENT, "bulk");
        CryptoKey.Made key = CryptoKey.random(Entropy.seeded(7), UTime.ZERO);
        KeyServer ks = KeyServer.create(Keyring.of(cli, key.key(), Map.of("mon", "allow *")), key.entropy(),
                UTime.ZERO).keyServer();
        CountDownLatch all = new CountDownLatch(count);
        AtomicLong bytes = new AtomicLong();
        AtomicLong expectSeq = new AtomicLong(1);
        AtomicLong outOfOrder = new AtomicLong();
        try (Msgr2Messenger server = Msgr2Messenger.server(MessengerOptions.builder().name(mon).gid(0)
                .auth(CephxConfig.mon(mon, ks).withServerModes(List.of(mode))).stack(Stacks.named(serverStack))
                .receiveBuffers(buffers).build(),
                new InetSocketAddress("127.0.0.1", 0), new Msgr2Listener() {
                    @Override
                    public void onMessage(Msgr2Connection c, Message m) {
                        if (m.header().seq() != expectSeq.getAndIncrement() || m.data().u8(m.data().length() - 1)
                                != (int) (m.header().seq() & 0xff) || m.data().u8(0) != (int) (m.header().seq() * 7 & 0xff)) {
                            outOfOrder.incrementAndGet();
                        }
                        bytes.addAndGet(m.data().length());
                        all.countDown();
                    }
                });
             Msgr2Messenger client = Msgr2Messenger.client(MessengerOptions.builder().name(cli)
                     .auth(CephxConfig.client(cli, key.key()).withModes(List.of(mode))).outboxLimit(4L << 20)
                     .stack(Stacks.named(clientStack)).build(), new Msgr2Listener() {})) {
            Msgr2Connection c = client.connect(server.addrs(), EntityType.MON);
            c.awaitReady(Duration.ofSeconds(10));
            long maxOutbox = 0;
            for (int i = 1; i <= count; i++) {
                byte[] d = new byte[size];
                d[size - 1] = (byte) i;
                d[0] = (byte) (i * 7);
                c.send(new Message(MsgHeader2.of(0x7ff0, MsgHeader2.PRIO_DEFAULT, 1, 1), Bytes.EMPTY, Bytes.EMPTY,
                        Bytes.wrap(d)));
                maxOutbox = Math.max(maxOutbox, c.outboxBytes());
            }
            assertTrue(all.await(60, TimeUnit.SECONDS), (count - all.getCount()) + " of " + count + " arrived");
            assertEquals(0, outOfOrder.get());
            assertEquals((long) count * size, bytes.get());
            assertTrue(maxOutbox <= (4L << 20) + size, "outbox grew to " + maxOutbox);
        }
    }
}
