package io.msgr2.examples;

import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MessageType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code msgr2 bench connections [--count N] [--parallel P] [--short M] [--transport T]}: N
 * concurrent Java-Java connections, each READY and idle, then one PING round trip on every
 * one; then M short connections (READY, then closed), P at a time. Clients and server run in
 * two processes (this one and a child, both on transport T), so neither needs more than N
 * file descriptors (this machine's hard limit is 20,000). It reports the heap each idle READY
 * connection costs on each side (live heap after a full GC, before and after, divided by N),
 * and the server's live heap after the short connections against its heap when it started
 * listening, with what its messenger still holds.
 */
@picocli.CommandLine.Command(name = "connections", mixinStandardHelpOptions = true,
        description = "N clients (a messenger each) to one server in another process: READY, heap per idle "
                + "connection, a PING on each; then short connections and the server's heap after them.")
final class ConnectionsBench implements java.util.concurrent.Callable<Integer> {
    private final Main.Io streams;

    @picocli.CommandLine.Option(names = "--count", paramLabel = "N", defaultValue = "10000",
            description = "clients (default: ${DEFAULT-VALUE})")
    int countOption;

    @picocli.CommandLine.Option(names = "--parallel", paramLabel = "N", defaultValue = "256",
            description = "handshakes in flight (default: ${DEFAULT-VALUE})")
    int parallelOption;

    @picocli.CommandLine.Option(names = "--short", paramLabel = "N", defaultValue = "100000",
            description = "short connections afterwards (default: ${DEFAULT-VALUE})")
    int shortOption;

    @picocli.CommandLine.Mixin
    TransportOption transport = new TransportOption();

    ConnectionsBench(Main.Io io) {
        this.streams = io;
    }

    /** The child process: a server that answers PINGs and reports its heap. */
    @picocli.CommandLine.Command(name = "connections-server", hidden = true)
    static final class Server implements java.util.concurrent.Callable<Integer> {
        private final Main.Io streams;

        @picocli.CommandLine.Option(names = "--count", required = true)
        int count;

        @picocli.CommandLine.Mixin
        TransportOption transport = new TransportOption();

        Server(Main.Io io) {
            this.streams = io;
        }

        @Override
        public Integer call() throws Exception {
            return server(count, transport, streams.out());
        }
    }

    static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        var mem = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return mem.getUsed();
    }

    /** The child: a server that answers PINGs and reports its heap per connection on request. */
    static int server(int count, TransportOption transport, PrintStream out) throws Exception {
        EntityName name = new EntityName(EntityType.MON, "bench");
        long before = liveHeap();
        AtomicInteger accepted = new AtomicInteger();
        try (Msgr2Messenger m = Msgr2Messenger.server(MessengerOptions.builder().name(name).gid(0)
                .auth(AuthConfig.none(name, 0)).defaultPolicy(Policy.STATELESS_SERVER).nonce(0)
                .stack(transport.stack()).build(),
                new InetSocketAddress("127.0.0.1", 0), new Msgr2Listener() {
                    @Override
                    public void onAccepted(Msgr2Connection c) {
                        accepted.incrementAndGet();
                    }

                    @Override
                    public void onMessage(Msgr2Connection c, Message msg) {
                        c.send(MessageType.PING, Bytes.EMPTY);
                    }
                })) {
            long listening = liveHeap();
            out.println("port " + m.port());
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("stats")) {
                    long after = liveHeap();
                    Msgr2Messenger.Footprint f = m.footprint();
                    out.println("server " + accepted.get() + " " + (after - before) + " " + listening + " " + after
                            + " " + f.conns() + " " + f.transports() + " " + f.handles() + " " + f.timers());
                    out.flush();
                }
            }
        }
        return 0;
    }

    /**
     * {@code n} short connections, {@code workers} at a time (each worker its own client
     * messenger, connecting again as soon as its last connection closed), then the server's
     * heap and what its messenger still holds.
     */
    static boolean shortConnections(int port, int n, int workers, io.msgr2.io.NetworkStack stack, BufferedReader from,
                                    PrintWriter to, PrintStream out) throws Exception {
        if (n <= 0) {
            return true;
        }
        EntityName me = new EntityName(EntityType.CLIENT, "short");
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int nonce = 1_000_000 + w;
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                try (Msgr2Messenger m = Msgr2Messenger.client(MessengerOptions.builder().name(me).nonce(nonce)
                        .auth(AuthConfig.none(me, 0)).stack(stack).build(), new Msgr2Listener() {})) {
                    while (next.getAndIncrement() < n) {
                        Msgr2Connection c = m.connect(new InetSocketAddress("127.0.0.1", port), EntityType.MON);
                        try {
                            c.awaitReady(Duration.ofSeconds(30));
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                        c.close();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        String[] sv = new String[0];
        for (int i = 0; i < 50; i++) { // until the server has seen every close
            Thread.sleep(100);
            to.println("stats");
            String line = from.readLine();
            sv = line == null ? new String[0] : line.split(" ");
            if (sv.length >= 9 && Integer.parseInt(sv[6]) == 0 && Integer.parseInt(sv[7]) == 0) {
                break;
            }
        }
        if (sv.length < 9) {
            out.println("  short connections: the server did not report");
            return false;
        }
        double startMb = Long.parseLong(sv[3]) / 1e6;
        double nowMb = Long.parseLong(sv[4]) / 1e6;
        out.printf("  %d short connections (READY, then closed), %d at a time: %d failed, %.1f s (%.0f/s)%n", n, workers,
                failed.get(), secs, n / secs);
        out.printf("  server heap after a full GC: %.1f MB when it started listening, %.1f MB now (%+.1f MB); its"
                + " messenger holds %s closed records, %s transports, %s handles, %s timers%n", startMb, nowMb,
                nowMb - startMb, sv[5], sv[6], sv[7], sv[8]);
        return failed.get() == 0;
    }

    static int run(List<String> argv, PrintStream out) {
        return Main.run("bench", java.util.stream.Stream.concat(java.util.stream.Stream.of("connections"),
                argv.stream()).toList(), out, System.err);
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = streams.out();
        if (countOption < 1 || parallelOption < 1 || shortOption < 0) {
            throw new UsageException("--count and --parallel take 1 or more, --short 0 or more");
        }
        int count = countOption;
        int parallel = parallelOption;
        int shortCount = shortOption;
        io.msgr2.io.NetworkStack stack = transport.stack();
        String java = ProcessHandle.current().info().command().orElse("java");
        // the launcher's quiet flags (Netty's native library, aircompressor's Unsafe reads), valid on JDK 17+
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-Dsun.misc.unsafe.memory.access=allow", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "bench", "connections-server", "--count", Integer.toString(count),
                "--transport", stack.name()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader from = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter to = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
            String first = from.readLine();
            if (first == null || !first.startsWith("port ")) {
                throw new IllegalStateException("the server process did not start: " + first);
            }
            int port = Integer.parseInt(first.substring(5));
            EntityName me = new EntityName(EntityType.CLIENT, "bench");
            AtomicInteger pongs = new AtomicInteger();
            CountDownLatch allPongs = new CountDownLatch(count);
            long before = liveHeap();
            long t0 = System.nanoTime();
            List<Msgr2Connection> conns = new ArrayList<>(count);
            List<Msgr2Messenger> clients = new ArrayList<>(count);
            Msgr2Listener listener = new Msgr2Listener() {
                @Override
                public void onMessage(Msgr2Connection c, Message msg) {
                    pongs.incrementAndGet();
                    allPongs.countDown();
                }
            };
            try {
                // N clients (each its own messenger and address nonce, as N processes would be),
                // one connection each: the server holds N sessions
                Semaphore inFlight = new Semaphore(parallel);
                CountDownLatch ready = new CountDownLatch(count);
                AtomicInteger failed = new AtomicInteger();
                for (int i = 0; i < count; i++) {
                    inFlight.acquire();
                    Msgr2Messenger m = Msgr2Messenger.client(MessengerOptions.builder().name(me).nonce(i + 1)
                            .auth(AuthConfig.none(me, 0)).stack(stack).build(), listener);
                    clients.add(m);
                    Msgr2Connection c = m.connect(new InetSocketAddress("127.0.0.1", port), EntityType.MON);
                    conns.add(c);
                    Thread.ofVirtual().start(() -> {
                        try {
                            c.awaitReady(Duration.ofSeconds(60));
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        } finally {
                            inFlight.release();
                            ready.countDown();
                        }
                    });
                }
                ready.await(300, TimeUnit.SECONDS);
                double connectSecs = (System.nanoTime() - t0) / 1e9;
                long live = conns.stream().filter(c -> c.state() == io.msgr2.spec.conn.StateKind.READY).count();
                long after = liveHeap();
                to.println("stats");
                String serverLine = from.readLine();
                String[] sv = serverLine == null ? new String[] {"server", "0", "0"} : serverLine.split(" ");
                long t1 = System.nanoTime();
                for (Msgr2Connection c : conns) {
                    c.send(MessageType.PING, Bytes.EMPTY);
                }
                boolean all = allPongs.await(120, TimeUnit.SECONDS);
                double pingSecs = (System.nanoTime() - t1) / 1e9;
                out.printf("msgr2 bench connections: %d clients (a messenger each) with one connection each to one"
                        + " server in another process, auth none, crc, the %s transport; %s, %d cores, JDK %s%n",
                        count, stack.name(), BenchCommand.cpu(), Runtime.getRuntime().availableProcessors(),
                        Runtime.version());
                out.printf("  READY: %d of %d (%d failed) in %.1f s (%.0f handshakes/s, %d in flight)%n", live, count,
                        failed.get(), connectSecs, count / connectSecs, parallel);
                out.printf("  heap per idle READY connection: server side %.1f KiB (%s sessions);"
                        + " client side %.1f KiB including its messenger%n",
                        Long.parseLong(sv[2]) / 1024.0 / Math.max(1, count), sv[1], (after - before) / 1024.0 / count);
                out.printf("  one PING round trip on every connection: %d of %d answered in %.2f s%n", pongs.get(),
                        count, pingSecs);
                clients.forEach(Msgr2Messenger::close);
                clients.clear();
                conns.clear();
                boolean shortOk = shortConnections(port, shortCount, Math.min(parallel, 64), stack, from, to, out);
                return live == count && all && shortOk ? 0 : 1;
            } finally {
                clients.forEach(Msgr2Messenger::close);
            }
        } finally {
            child.getOutputStream().close();
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
