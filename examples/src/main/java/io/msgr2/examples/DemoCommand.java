package io.msgr2.examples;

import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code msgr2 demo}: a server and a client in one process on 127.0.0.1. They run a full
 * handshake and exchange a few messages both ways; every frame and state change of both
 * sides is printed, then a summary. No cluster needed.
 */
final class DemoCommand {
    private DemoCommand() {}

    static int run(List<String> argv, PrintStream out) throws Exception {
        Args a = new Args(argv, Set.of("messages"), Set.of("rev0"));
        int n = Integer.parseInt(a.get("messages").orElse("3"));
        EntityName osd1 = new EntityName(EntityType.OSD, "1");
        EntityName osd2 = new EntityName(EntityType.OSD, "2");
        long t0 = System.nanoTime();
        java.util.concurrent.atomic.AtomicBoolean tracing = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicInteger serverGot = new AtomicInteger();
        AtomicInteger clientGot = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(2 * n);
        MessengerOptions serverOpts = MessengerOptions.builder().name(osd2).gid(2).auth(AuthConfig.none(osd2, 0))
                .putPolicies(EntityType.OSD, Policy.LOSSLESS_PEER).nonce(2002)
                .tracer(line -> {
                    if (tracing.get()) {
                        out.printf("%7.2f ms  server | %s%n", ms(t0), line);
                    }
                }).build();
        MessengerOptions clientOpts = MessengerOptions.builder().name(osd1).gid(1).auth(AuthConfig.none(osd1, 0))
                .putPolicies(EntityType.OSD, Policy.LOSSLESS_PEER).nonce(1001)
                .tracer(line -> {
                    if (tracing.get()) {
                        out.printf("%7.2f ms  client | %s%n", ms(t0), line);
                    }
                }).build();
        out.println("msgr2 demo: osd.1 (client) connects to osd.2 (server) on 127.0.0.1, auth none, crc mode,"
                + " lossless sessions; " + n + " messages each way");
        try (Msgr2Messenger server = Msgr2Messenger.server(serverOpts, new InetSocketAddress("127.0.0.1", 0),
                new Msgr2Listener() {
                    @Override
                    public void onMessage(Msgr2Connection c, Message m) {
                        out.printf("%7.2f ms  server | delivered: %s%n", ms(t0), text(m));
                        c.send(msg("reply to " + text(m)));
                        serverGot.incrementAndGet();
                        done.countDown();
                    }
                });
             Msgr2Messenger client = Msgr2Messenger.client(clientOpts, new Msgr2Listener() {
                 @Override
                 public void onMessage(Msgr2Connection c, Message m) {
                     out.printf("%7.2f ms  client | delivered: %s%n", ms(t0), text(m));
                     clientGot.incrementAndGet();
                     done.countDown();
                 }
             })) {
            Msgr2Connection c = client.connect(server.addrs(), EntityType.OSD);
            for (int i = 1; i <= n; i++) {
                c.send(msg("hello #" + i));
            }
            boolean all = done.await(10, TimeUnit.SECONDS);
            c.awaitReady(Duration.ofSeconds(1));
            Thread.sleep(50); // let the last ACKs land
            tracing.set(false);
            var cs = c.snapshot();
            var link = cs.link().orElseThrow();
            out.println();
            out.println("summary:");
            out.println("  client state " + cs.kind() + ", framing " + (link.rev1() ? "msgr2.1" : "msgr2.0") + ", mode "
                    + link.auth().orElseThrow().mode() + ", global_seq " + cs.session().globalSeq() + ", client_cookie 0x"
                    + Long.toHexString(cs.session().clientCookie()) + ", server_cookie 0x"
                    + Long.toHexString(cs.session().serverCookie()));
            out.println("  client sent " + n + " and received " + clientGot.get() + " messages; out_seq "
                    + cs.session().outSeq() + ", in_seq " + cs.session().inSeq() + ", unacknowledged "
                    + cs.session().out().sent().size());
            out.println("  server received " + serverGot.get() + " and sent " + serverGot.get() + " messages");
            out.printf("  %.1f ms in all%n", ms(t0));
            return all && cs.kind() == StateKind.READY ? 0 : 1;
        }
    }

    static Message msg(String s) {
        return new Message(MsgHeader2.of(0x7fff, MsgHeader2.PRIO_DEFAULT, 1, 1), Bytes.utf8(s), Bytes.EMPTY,
                Bytes.EMPTY);
    }

    static String text(Message m) {
        return "\"" + new String(m.front().toByteArray(), java.nio.charset.StandardCharsets.UTF_8) + "\"";
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
