package io.msgr2.examples;

import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.KeyServer;
import io.msgr2.spec.auth.cephx.Keyring;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code msgr2 demo [--auth cephx|none] [--mode secure|crc] [--rev0] [--messages N]}: three
 * messengers in one process on 127.0.0.1, every frame and state change traced. With cephx
 * (the default): osd.1 authenticates to mon.a (a Java mon with a keyring), receives its
 * tickets, then connects to osd.2 with an authorizer and exchanges messages on a lossless
 * session, in secure mode unless told otherwise. With auth none there is no mon. No cluster
 * needed.
 */
@picocli.CommandLine.Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A Java mon, osd.1 and osd.2 in this process: cephx tickets, then a lossless session between "
                + "the OSDs, every frame and state change traced. No cluster needed.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    private final Main.Io streams;

    @picocli.CommandLine.Option(names = "--auth", paramLabel = "cephx|none", defaultValue = "cephx",
            description = "the auth method (default: ${DEFAULT-VALUE})")
    String auth;

    @picocli.CommandLine.Option(names = "--mode", paramLabel = "secure|crc",
            description = "the connection mode (default: secure with cephx, crc with none)")
    String mode;

    @picocli.CommandLine.Option(names = "--rev0", description = "msgr2.0 framing")
    boolean rev0;

    @picocli.CommandLine.Option(names = "--messages", paramLabel = "N", defaultValue = "3",
            description = "messages each way (default: ${DEFAULT-VALUE})")
    int messages;

    @picocli.CommandLine.Mixin
    TransportOption transport = new TransportOption();

    DemoCommand(Main.Io io) {
        this.streams = io;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = streams.out();
        io.msgr2.io.NetworkStack stack = transport.stack();
        if (messages < 0) {
            throw new UsageException("--messages takes a number >= 0");
        }
        int n = messages;
        boolean cephx = switch (auth) {
            case "cephx" -> true;
            case "none" -> false;
            default -> throw new UsageException("--auth takes cephx or none");
        };
        List<ConnectionMode> modes = ClientOptions.modes(mode != null ? mode : cephx ? "secure" : "crc");
        if (!cephx && modes.contains(ConnectionMode.SECURE)) {
            throw new UsageException("secure mode needs cephx: auth none has no session key");
        }
        Banner banner = rev0 ? new Banner(0, 0) : Banner.PACIFIC;
        EntityName mon = new EntityName(EntityType.MON, "a");
        EntityName osd1 = new EntityName(EntityType.OSD, "1");
        EntityName osd2 = new EntityName(EntityType.OSD, "2");
        long t0 = System.nanoTime();
        AtomicBoolean tracing = new AtomicBoolean(true);

        AuthConfig monAuth = AuthConfig.none(mon, 0);
        AuthConfig clientAuth = AuthConfig.none(osd1, 0);
        AuthConfig serverAuth = AuthConfig.none(osd2, 0);
        if (cephx) {
            byte[] seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            Entropy e = Entropy.drbg(Bytes.wrap(seed));
            CryptoKey.Made key = CryptoKey.random(e, Msgr2Clock.now());
            Keyring keyring = Keyring.of(osd1, key.key(), Map.of("mon", "allow profile osd", "osd", "allow *"));
            KeyServer ks = KeyServer.create(keyring, key.entropy(), Msgr2Clock.now()).keyServer();
            monAuth = CephxConfig.mon(mon, ks).withServerModes(modes);
            clientAuth = CephxConfig.client(osd1, key.key()).withModes(modes);
            serverAuth = CephxConfig.service(osd2, ks.secretsFor(EntityType.OSD)).withServerModes(modes);
        }
        out.println("msgr2 demo: " + (cephx ? "osd.1 authenticates to mon.a with cephx, then " : "") + "osd.1 (client)"
                + " connects to osd.2 (server) on 127.0.0.1, auth " + (cephx ? "cephx" : "none") + ", " + modes.get(0)
                + " mode, " + (rev0 ? "msgr2.0" : "msgr2.1") + " framing, lossless session; " + n
                + " messages each way");

        AtomicInteger serverGot = new AtomicInteger();
        AtomicInteger clientGot = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(2 * n);
        try (Msgr2Messenger monM = Msgr2Messenger.server(options(mon, 0, monAuth, banner, 3003, "mon.a", t0, tracing, out,
                stack).build(), new InetSocketAddress("127.0.0.1", 0), new Msgr2Listener() {});
             Msgr2Messenger server = Msgr2Messenger.server(options(osd2, 2, serverAuth, banner, 2002, "osd.2", t0, tracing,
                     out, stack).build(), new InetSocketAddress("127.0.0.1", 0), new Msgr2Listener() {
                         @Override
                         public void onMessage(Msgr2Connection c, Message m) {
                             out.printf("%7.2f ms  osd.2 | delivered: %s%n", ms(t0), text(m));
                             c.send(msg("reply to " + text(m)));
                             serverGot.incrementAndGet();
                             done.countDown();
                         }
                     });
             Msgr2Messenger client = Msgr2Messenger.client(options(osd1, 1, clientAuth, banner, 1001, "osd.1", t0, tracing,
                     out, stack).build(), new Msgr2Listener() {
                         @Override
                         public void onMessage(Msgr2Connection c, Message m) {
                             out.printf("%7.2f ms  osd.1 | delivered: %s%n", ms(t0), text(m));
                             clientGot.incrementAndGet();
                             done.countDown();
                         }
                     })) {
            Msgr2Connection monConn = null;
            if (cephx) {
                monConn = client.connect(monM.addrs(), EntityType.MON);
                monConn.awaitReady(Duration.ofSeconds(10));
                out.printf("%7.2f ms  osd.1 | holds tickets for %s (global_id %d)%n", ms(t0),
                        client.tickets().held().keySet().stream().map(EntityType::cephName).toList(),
                        client.tickets().globalId());
            }
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
            if (monConn != null) {
                var ml = monConn.snapshot().link().orElseThrow();
                out.println("  osd.1 -> mon.a: " + monConn.state() + ", cephx, " + ml.auth().orElseThrow().mode()
                        + " mode, global_id " + ml.auth().orElseThrow().globalId() + ", tickets "
                        + client.tickets().held().keySet().stream().map(EntityType::cephName).toList());
            }
            out.println("  osd.1 -> osd.2: " + cs.kind() + ", framing " + (link.rev1() ? "msgr2.1" : "msgr2.0") + ", "
                    + (cephx ? "cephx (authorizer with challenge)" : "auth none") + ", " + link.auth().orElseThrow().mode()
                    + " mode, global_seq " + cs.session().globalSeq() + ", client_cookie 0x"
                    + Long.toHexString(cs.session().clientCookie()) + ", server_cookie 0x"
                    + Long.toHexString(cs.session().serverCookie()));
            out.println("  osd.1 sent " + n + " and received " + clientGot.get() + " messages; out_seq "
                    + cs.session().outSeq() + ", in_seq " + cs.session().inSeq() + ", unacknowledged "
                    + cs.session().out().sent().size());
            out.println("  osd.2 received " + serverGot.get() + " and sent " + serverGot.get() + " messages");
            out.printf("  %.1f ms in all%n", ms(t0));
            return all && cs.kind() == StateKind.READY && link.auth().orElseThrow().mode().equals(modes.get(0)) ? 0 : 1;
        }
    }

    private static io.msgr2.io.ImmutableMessengerOptions.Builder options(EntityName name, long gid, AuthConfig auth,
            Banner banner, int nonce, String label, long t0, AtomicBoolean tracing, PrintStream out,
            io.msgr2.io.NetworkStack stack) {
        return MessengerOptions.builder().name(name).gid(gid).auth(auth).banner(banner).stack(stack)
                .putPolicies(EntityType.OSD, Policy.LOSSLESS_PEER).putPolicies(EntityType.MON, Policy.LOSSY_CLIENT)
                .defaultPolicy(Policy.STATELESS_SERVER).nonce(nonce)
                .tracer(line -> {
                    if (tracing.get()) {
                        out.printf("%7.2f ms  %s | %s%n", ms(t0), label, line);
                    }
                });
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
