package io.msgr2.examples;

import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.io.NetworkStack;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code msgr2 bench parallel [--connections 64] [--size 65536] [--modes crc,secure]
 * [--seconds S] [--transport T] [--floor]}: many connections at once into one server messenger (a mon
 * with one client messenger per connection, cephx, msgr2.1), each sending one way as fast as
 * a window of unconfirmed deliveries allows; the aggregate against as many raw socket pairs
 * moving the same bytes in the same run. It also shows whether the server messenger's one lock
 * is the limit: the same server serves them all. With {@code --floor}, the same load on bare
 * Netty connections ({@link ParallelFloor}) and on the raw pairs doing each mode's per-byte work
 * themselves: what is left of the machine below the protocol.
 */
@picocli.CommandLine.Command(name = "parallel", mixinStandardHelpOptions = true,
        description = "N connections at once into one server messenger, one way, against N raw socket pairs.")
final class ParallelBench implements java.util.concurrent.Callable<Integer> {
    private final Main.Io streams;

    @picocli.CommandLine.Option(names = "--connections", paramLabel = "N", defaultValue = "64",
            description = "connections at once (default: ${DEFAULT-VALUE})")
    int connections;

    @picocli.CommandLine.Option(names = "--size", paramLabel = "BYTES", defaultValue = "65536",
            description = "message size (default: ${DEFAULT-VALUE})")
    int messageSize;

    @picocli.CommandLine.Option(names = "--modes", paramLabel = "crc,secure", defaultValue = "crc,secure",
            description = "the modes to measure (default: ${DEFAULT-VALUE})")
    String modeList;

    @picocli.CommandLine.Option(names = "--seconds", paramLabel = "S", defaultValue = "3",
            description = "seconds per cell (default: ${DEFAULT-VALUE})")
    double secondsPerCell;

    @picocli.CommandLine.Option(names = "--floor",
            description = "also the same load on bare Netty connections, with and without our per-message work"
                    + " (CRC32C or AES-GCM, the owned read arrays) but no protocol: what lies under the ratio")
    boolean floor;

    @picocli.CommandLine.Mixin
    BenchCommand.Buffers receive = new BenchCommand.Buffers();

    @picocli.CommandLine.Mixin
    TransportOption transport = new TransportOption();

    ParallelBench(Main.Io io) {
        this.streams = io;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = streams.out();
        if (connections < 1 || messageSize < 0 || secondsPerCell <= 0) {
            throw new UsageException("--connections takes 1 or more, --size 0 or more, --seconds more than 0");
        }
        io.msgr2.io.ReceiveBuffers buffers = receive.buffers();
        int n = connections;
        int size = messageSize;
        double seconds = secondsPerCell;
        List<ConnectionMode> modes = ClientOptions.modes(modeList);
        NetworkStack stack = transport.stack();
        out.printf("msgr2 bench parallel: %d connections at once into one server messenger, one way, %s messages,"
                + " cephx, msgr2.1, the %s transport, %s receive buffers, %.1f s per cell; %s, %d cores, JDK %s%n", n,
                BenchCommand.human(size), stack.name(), buffers.name().toLowerCase(java.util.Locale.ROOT), seconds,
                BenchCommand.cpu(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        if (modes.contains(ConnectionMode.SECURE)) {
            io.msgr2.io.CipherWarmup.await(60, TimeUnit.SECONDS);
        }
        int frame = BenchCommand.frameSize(size);
        double worst = Double.NaN;
        out.printf("%n%-7s %12s %10s %14s %10s %7s%n", "mode", "msgs/s", "MB/s", "raw msgs/s", "raw MB/s", "ratio");
        for (ConnectionMode mode : modes) {
            double ours;
            try (Fleet f = new Fleet(n, mode, stack, buffers)) {
                f.oneWay(size, seconds / 3); // warm-up
                ours = f.oneWay(size, seconds);
            }
            double raw = rawPairs(n, frame, seconds);
            double ratio = ours / raw;
            worst = Double.isNaN(worst) ? ratio : Math.min(worst, ratio);
            out.printf("%-7s %12.0f %10.1f %14.0f %10.1f %7.2f%n", mode, ours, ours * size / 1e6, raw,
                    raw * size / 1e6, ratio);
        }
        if (floor) {
            out.printf("%nUnder the protocol (%d bare Netty connections, the same frames, a sender thread each;"
                    + " ratios to raw pairs measured next to each; raw+work: the raw pairs themselves doing"
                    + " the mode's per-byte work, each frame's CRC32C or AES-GCM seal at the writer and"
                    + " check or open at the reader, reused arrays):%n%-7s %12s %7s %16s %7s %16s %7s%n", n,
                    "mode", "netty msgs/s", "ratio", "+work msgs/s", "ratio", "raw+work msgs/s", "ratio");
            for (ConnectionMode mode : modes) {
                ParallelFloor.Work work = mode == ConnectionMode.SECURE ? ParallelFloor.Work.GCM
                        : ParallelFloor.Work.CRC;
                boolean owned = buffers == io.msgr2.io.ReceiveBuffers.OWNED;
                double bare = ParallelFloor.oneWay(n, frame, ParallelFloor.Work.NONE, owned, seconds);
                double withWork = ParallelFloor.oneWay(n, frame, work, owned, seconds);
                double raw = rawPairs(n, frame, seconds);
                double rawWork = rawPairs(n, frame, work, seconds);
                if (mode == ConnectionMode.CRC) {
                    double inPlace = ParallelFloor.oneWay(n, frame, ParallelFloor.Work.CRC_IN_PLACE, owned, seconds);
                    out.printf("crc, its CRC32Cs computed in Netty's own buffers, nothing copied out: %.0f msgs/s, %.2f%n",
                            inPlace, inPlace / raw);
                }
                out.printf("%-7s %12.0f %7.2f %16.0f %7.2f %16.0f %7.2f%n", mode, bare, bare / raw, withWork,
                        withWork / raw, rawWork, rawWork / raw);
            }
        }
        out.printf("%nSmallest aggregate ratio to %d raw socket pairs:%n%.2f%n", n, worst);
        return 0;
    }

    /** One server messenger and {@code n} client messengers, each with one READY connection to it. */
    static final class Fleet implements AutoCloseable {
        final Msgr2Messenger server;
        final List<Msgr2Messenger> clients = new ArrayList<>();
        final List<Msgr2Connection> conns = new ArrayList<>();
        final AtomicLong delivered = new AtomicLong();
        final Map<Long, Semaphore> windows = new java.util.concurrent.ConcurrentHashMap<>();

        Fleet(int n, ConnectionMode mode, NetworkStack stack, io.msgr2.io.ReceiveBuffers buffers) throws Exception {
            EntityName mon = new EntityName(EntityType.MON, "bench");
            byte[] seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            CryptoKey.Made key = CryptoKey.random(Entropy.drbg(Bytes.wrap(seed)), Msgr2Clock.now());
            Keyring ring = Keyring.of(client(0), key.key(), Map.of("mon", "allow *"));
            for (int i = 1; i < n; i++) {
                ring = ring.with(client(i), new Keyring.Entry(key.key(), Map.of("mon", "allow *")));
            }
            KeyServer ks = KeyServer.create(ring, key.entropy(), Msgr2Clock.now()).keyServer();
            server = Msgr2Messenger.server(MessengerOptions.builder().name(mon).gid(0)
                    .auth(CephxConfig.mon(mon, ks).withServerModes(List.of(mode))).stack(stack).receiveBuffers(buffers)
                    .build(),
                    new InetSocketAddress("127.0.0.1", 0), new Msgr2Listener() {
                        @Override
                        public void onMessage(Msgr2Connection c, Message m) {
                            delivered.incrementAndGet();
                            Semaphore w = windows.get(m.header().tid());
                            if (w != null) {
                                w.release();
                            }
                        }
                    });
            for (int i = 0; i < n; i++) {
                EntityName me = client(i);
                Msgr2Messenger m = Msgr2Messenger.client(MessengerOptions.builder().name(me)
                        .auth(CephxConfig.client(me, key.key()).withModes(List.of(mode))).stack(stack)
                        .receiveBuffers(buffers).build(),
                        new Msgr2Listener() {});
                clients.add(m);
                conns.add(m.connect(server.addrs(), EntityType.MON));
            }
            for (Msgr2Connection c : conns) {
                c.awaitReady(Duration.ofSeconds(30));
            }
        }

        static EntityName client(int i) {
            return new EntityName(EntityType.CLIENT, "bench" + i);
        }

        /** Every connection sends for {@code seconds}; the aggregate messages per second. */
        double oneWay(int size, double seconds) throws InterruptedException {
            int window = (int) Math.max(2, Math.min(64, (1L << 20) / Math.max(size, 1))); // 1 MiB in flight each
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long before = delivered.get();
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < conns.size(); i++) {
                Msgr2Connection c = conns.get(i);
                long tid = i;
                Semaphore w = new Semaphore(window);
                windows.put(tid, w);
                Message m = new Message(new io.msgr2.spec.wire.MsgHeader2(0, tid, BenchCommand.BULK,
                        io.msgr2.spec.wire.MsgHeader2.PRIO_DEFAULT, 1, 0, 0, 0, 0, 1, 0), Bytes.EMPTY, Bytes.EMPTY,
                        Bytes.zeros(size));
                senders.add(Thread.ofPlatform().name("parallel-sender-" + i).daemon().start(() -> {
                    try {
                        while (System.nanoTime() < end) {
                            w.acquire();
                            c.send(m);
                        }
                        w.acquire(window);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Thread t : senders) {
                t.join();
            }
            return (delivered.get() - before) / ((System.nanoTime() - start) / 1e9);
        }

        @Override
        public void close() {
            clients.forEach(Msgr2Messenger::close);
            server.close();
        }
    }

    /** {@code n} raw socket pairs moving {@code chunk}-byte writes for {@code seconds}: messages per second. */
    static double rawPairs(int n, int chunk, double seconds) throws IOException, InterruptedException {
        return rawPairs(n, chunk, ParallelFloor.Work.NONE, seconds);
    }

    /**
     * The same, each pair also doing {@code work} to every {@code chunk}-byte frame: the writer computes
     * its CRC32C or seals it with AES-128-GCM (one nonce each) before the write, the reader gathers it
     * and checks its CRC32C or opens it. Arrays are reused: the most this machine leaves for a mode's
     * per-byte work on {@code n} plain socket pairs, whatever the transport.
     */
    static double rawPairs(int n, int chunk, ParallelFloor.Work work, double seconds)
            throws IOException, InterruptedException {
        if (work == ParallelFloor.Work.CRC_IN_PLACE) {
            throw new IllegalArgumentException("raw pairs read into arrays: CRC, not CRC_IN_PLACE");
        }
        try (ServerSocket ss = new ServerSocket(0, n, InetAddress.getLoopbackAddress())) {
            rawRun(ss, n, chunk, work, seconds / 3);
            return rawRun(ss, n, chunk, work, seconds);
        }
    }

    private static volatile int workSink;

    /** Whole {@code chunk}-byte frames read from {@code in}, each checked or opened: the bytes read. */
    private static long readFramesDoing(InputStream in, int chunk, ParallelFloor.Work work)
            throws IOException, java.security.GeneralSecurityException {
        byte[] gathered = new byte[chunk];
        byte[] plain = new byte[chunk];
        javax.crypto.Cipher cipher = ParallelFloor.newCipher();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        long nonce = 0;
        long total = 0;
        int sink = 0;
        while (in.readNBytes(gathered, 0, chunk) == chunk) {
            total += chunk;
            switch (work) {
                case CRC -> {
                    crc.reset();
                    crc.update(gathered);
                    sink += (int) crc.getValue();
                }
                case GCM -> {
                    ParallelFloor.init(cipher, javax.crypto.Cipher.DECRYPT_MODE, nonce++)
                            .doFinal(gathered, 0, chunk, plain, 0);
                    sink += plain[0];
                }
                default -> throw new IllegalArgumentException(work + " has no frames to check");
            }
        }
        workSink = sink; // keeps the work from being optimised away
        return total;
    }

    private static double rawRun(ServerSocket ss, int n, int chunk, ParallelFloor.Work work, double seconds)
            throws IOException, InterruptedException {
        AtomicLong received = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        List<Socket> sockets = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Socket c = new Socket(ss.getInetAddress(), ss.getLocalPort());
                Socket s = ss.accept();
                c.setTcpNoDelay(true);
                sockets.add(c);
                sockets.add(s);
                threads.add(Thread.ofPlatform().name("raw-reader-" + i).daemon().start(() -> {
                    try (InputStream in = s.getInputStream()) {
                        if (work == ParallelFloor.Work.NONE) {
                            byte[] buf = new byte[64 * 1024];
                            for (int got; (got = in.read(buf)) > 0; ) {
                                received.addAndGet(got);
                            }
                        } else {
                            received.addAndGet(readFramesDoing(in, chunk, work));
                        }
                    } catch (IOException e) {
                        // closed: done
                    } catch (java.security.GeneralSecurityException e) {
                        failed.set(e);
                    }
                }));
            }
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            List<Thread> writers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Socket c = sockets.get(2 * i);
                writers.add(Thread.ofPlatform().name("raw-writer-" + i).daemon().start(() -> {
                    byte[] data = new byte[chunk];
                    byte[] sealed = new byte[chunk];
                    javax.crypto.Cipher cipher = ParallelFloor.newCipher();
                    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                    long nonce = 0;
                    try {
                        OutputStream o = c.getOutputStream();
                        while (System.nanoTime() < end) {
                            switch (work) {
                                case NONE -> o.write(data);
                                case CRC -> {
                                    crc.reset();
                                    crc.update(data);
                                    data[0] = (byte) crc.getValue();
                                    o.write(data);
                                }
                                case GCM -> {
                                    int k = ParallelFloor.init(cipher, javax.crypto.Cipher.ENCRYPT_MODE, nonce++)
                                            .doFinal(data, 0, chunk - ParallelFloor.TAG, sealed, 0);
                                    o.write(sealed, 0, k);
                                }
                            }
                        }
                        c.shutdownOutput();
                    } catch (IOException e) {
                        // done
                    } catch (java.security.GeneralSecurityException e) {
                        failed.set(e);
                    }
                }));
            }
            for (Thread t : writers) {
                t.join();
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failed.get() != null) {
                throw new IllegalStateException("a raw pair's " + work + " failed", failed.get());
            }
            return received.get() / (double) chunk / ((System.nanoTime() - start) / 1e9);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
