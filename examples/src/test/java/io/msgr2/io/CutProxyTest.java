package io.msgr2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.conn.Timing;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A lossless Java-Java session over real sockets, through a proxy that cuts the TCP
 * connection after a random number of bytes, again and again: in the end every message
 * has arrived exactly once and in order, both ways.
 */
class CutProxyTest {
    static final int MESSAGES = 400;

    /** Forwards one TCP connection at a time to {@code target}, dropping each after a random byte budget. */
    static final class CuttingProxy implements AutoCloseable {
        final ServerSocket ss;
        final AtomicInteger cuts = new AtomicInteger();
        final SplittableRandom rnd = new SplittableRandom(4242);
        volatile boolean cutting = true;

        CuttingProxy(InetSocketAddress target) throws IOException {
            ss = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!ss.isClosed()) {
                    try {
                        Socket in = ss.accept();
                        Socket out = new Socket(target.getAddress(), target.getPort());
                        long budget;
                        synchronized (rnd) {
                            budget = 1 + rnd.nextLong(6000);
                        }
                        AtomicInteger used = new AtomicInteger();
                        Thread.ofVirtual().start(() -> pump(in, out, budget, used));
                        Thread.ofVirtual().start(() -> pump(out, in, budget, used));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return ss.getLocalPort();
        }

        private void pump(Socket from, Socket to, long budget, AtomicInteger used) {
            byte[] buf = new byte[512];
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                int n;
                while ((n = i.read(buf)) > 0) {
                    if (cutting && used.addAndGet(n) > budget) {
                        int keep = (int) Math.max(0, n - (used.get() - budget));
                        o.write(buf, 0, keep);
                        o.flush();
                        cuts.incrementAndGet();
                        break;
                    }
                    o.write(buf, 0, n);
                    o.flush();
                }
            } catch (IOException ignored) {
                // the other pump closed it
            } finally {
                close(from);
                close(to);
            }
        }

        private static void close(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        @Override
        public void close() throws IOException {
            ss.close();
        }
    }

    @ParameterizedTest(name = "client on {0}, server on {1}")
    @MethodSource("io.msgr2.io.Stacks#pairs")
    void everyMessageArrivesExactlyOnceAndInOrderThroughRepeatedCuts(String clientStack, String serverStack)
            throws Exception {
        Timing fast = new Timing(Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofSeconds(3));
        EntityName mdsName = new EntityName(EntityType.MDS, "a");
        EntityName cliName = new EntityName(EntityType.CLIENT, "9");
        List<String> serverGot = Collections.synchronizedList(new ArrayList<>());
        List<String> clientGot = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Msgr2Connection> accepted = new AtomicReference<>();
        CountDownLatch firstAccept = new CountDownLatch(1);
        ServerSocket probe = new ServerSocket(0);
        int serverPort = probe.getLocalPort();
        probe.close();
        // the server advertises the proxy's address: clients dial it, CLIENT_IDENT names it
        try (CuttingProxy proxy = new CuttingProxy(new InetSocketAddress("127.0.0.1", serverPort))) {
            MessengerOptions serverOpts = MessengerOptions.builder().name(mdsName).gid(0).auth(AuthConfig.none(mdsName, 0))
                    .defaultPolicy(Policy.STATEFUL_SERVER).timing(fast).nonce(77)
                    .advertise(new InetSocketAddress("127.0.0.1", proxy.port())).stack(Stacks.named(serverStack)).build();
            try (Msgr2Messenger server = Msgr2Messenger.server(serverOpts, new InetSocketAddress("127.0.0.1", serverPort),
                    new Msgr2Listener() {
                        @Override
                        public void onAccepted(Msgr2Connection c) {
                            accepted.compareAndSet(null, c);
                            firstAccept.countDown();
                        }

                        @Override
                        public void onMessage(Msgr2Connection c, Message m) {
                            serverGot.add(new String(m.front().toByteArray()).strip());
                        }
                    });
                 Msgr2Messenger client = Msgr2Messenger.client(MessengerOptions.builder().name(cliName).gid(9)
                         .auth(AuthConfig.none(cliName, 0)).defaultPolicy(Policy.LOSSLESS_CLIENT).timing(fast)
                         .stack(Stacks.named(clientStack)).build(),
                         new Msgr2Listener() {
                             @Override
                             public void onMessage(Msgr2Connection c, Message m) {
                                 clientGot.add(new String(m.front().toByteArray()).strip());
                             }
                         })) {
                Msgr2Connection c = client.connect(server.addrs(), EntityType.MDS);
                assertTrue(firstAccept.await(30, TimeUnit.SECONDS), "never accepted");
                Msgr2Connection s = accepted.get();
                for (int i = 0; i < MESSAGES; i++) {
                    c.send(1, Bytes.ascii(String.format("%-120s", "c" + i))); // padded: more bytes, more cuts
                    s.send(1, Bytes.ascii(String.format("%-120s", "s" + i)));
                    if (i % 20 == 0) {
                        Thread.sleep(5);
                    }
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while ((serverGot.size() < MESSAGES || clientGot.size() < MESSAGES) && System.nanoTime() < deadline) {
                    if (proxy.cuts.get() >= 50) {
                        proxy.cutting = false; // enough cuts: let the session settle
                    }
                    Thread.sleep(20);
                }
                proxy.cutting = false;
                assertTrue(proxy.cuts.get() >= 50, "only " + proxy.cuts.get() + " cuts");
                assertEquals(expected("c"), List.copyOf(serverGot), "server side, after " + proxy.cuts.get() + " cuts");
                assertEquals(expected("s"), List.copyOf(clientGot), "client side, after " + proxy.cuts.get() + " cuts");
                System.out.println("cut-proxy (client " + clientStack + ", server " + serverStack + "): " + proxy.cuts.get() + " cuts, " + MESSAGES + " messages each way, "
                        + "exactly once, in order");
            }
        }
    }

    static List<String> expected(String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            out.add(prefix + i);
        }
        return out;
    }
}
