package io.msgr2.examples;

import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameCipher;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code msgr2 bench [--quick] [--sizes LIST] [--modes crc,secure] [--seconds S]}: end to end
 * over real sockets on 127.0.0.1, one connection, msgr2.1 framing. For each mode and message
 * size: one direction (the client sends as fast as a window of unacknowledged deliveries
 * allows) and ping-pong (one message out, the echo back, round-trip latency). In the same run
 * the baseline: the same bytes (each message's msgr2.1-crc frame size) through plain java.net
 * sockets with the same write sizes. The ratio is messages per second over the baseline's.
 * The modes take turns within each round (a connection per mode, open throughout), and with
 * both modes a line gives secure's one-way messages per second over crc's, round by round.
 */
@picocli.CommandLine.Command(name = "bench", mixinStandardHelpOptions = true,
        description = "End to end over 127.0.0.1: throughput and latency against raw sockets in the same run; "
                + "its last line is the smallest one-way ratio for messages of 64 KiB and more.",
        subcommands = {ParallelBench.class, MonPingBench.class, ConnectionsBench.class, BenchCommand.Compression.class,
                ConnectionsBench.Server.class, EchoFloorBench.class})
final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    static final int BULK = 0x7ff0;
    static final int ECHO = 0x7ff1;
    static final long MIB = 1024 * 1024;


    record Row(String pattern, ConnectionMode mode, int size, double msgsPerSec, double mbPerSec, double p50us,
               double p99us, double baseMsgsPerSec, double baseP50us, double baseSealedMsgsPerSec) {
        double ratio() {
            return msgsPerSec / baseMsgsPerSec;
        }

        /** Our messages/s over raw sockets' carrying the same data through the same AES-GCM calls (secure one-way only). */
        double sealedRatio() {
            return msgsPerSec / baseSealedMsgsPerSec;
        }

        /** Each figure's median over the rounds of one cell. */
        static Row median(List<Row> rounds) {
            Row f = rounds.get(0);
            return new Row(f.pattern(), f.mode(), f.size(), med(rounds, Row::msgsPerSec), med(rounds, Row::mbPerSec),
                    med(rounds, Row::p50us), med(rounds, Row::p99us), med(rounds, Row::baseMsgsPerSec),
                    med(rounds, Row::baseP50us), med(rounds, Row::baseSealedMsgsPerSec));
        }

        private static double med(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
            return BenchCommand.median(rows.stream().mapToDouble(f).toArray());
        }
    }

    /** The median of {@code v} (NaN when empty); {@code v} is left as it was. */
    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private final Main.Io streams;

    @picocli.CommandLine.Option(names = "--quick", description = "4 KiB, 64 KiB, 1 MiB, short cells: about 40 s")
    boolean quick;

    @picocli.CommandLine.Option(names = "--sizes", paramLabel = "LIST", split = ",",
            description = "message sizes in bytes (default: 0,4096,65536,1048576,4194304)")
    List<Integer> sizeList;

    @picocli.CommandLine.Option(names = "--modes", paramLabel = "crc,secure", defaultValue = "crc,secure",
            description = "the modes to measure (default: ${DEFAULT-VALUE})")
    String modeList;

    @picocli.CommandLine.Option(names = "--patterns", paramLabel = "LIST", defaultValue = "one-way,ping-pong",
            description = "one-way, ping-pong or both (default: ${DEFAULT-VALUE})")
    String patternList;

    @picocli.CommandLine.Option(names = "--seconds", paramLabel = "S",
            description = "seconds per measurement (default: 2, quick 0.8)")
    Double secondsOption;

    @picocli.CommandLine.Option(names = "--rounds", paramLabel = "N",
            description = "rounds per cell, the median reported (default: 3, quick 1)")
    Integer roundsOption;

    @picocli.CommandLine.Mixin
    Buffers receive = new Buffers();

    @picocli.CommandLine.Mixin
    TransportOption transport = new TransportOption();

    BenchCommand(Main.Io io) {
        this.streams = io;
    }

    /** {@code --receive-buffers owned|loaned} (owned by default, as the library). */
    static final class Buffers {
        @picocli.CommandLine.Option(names = "--receive-buffers", paramLabel = "owned|loaned", defaultValue = "owned",
                description = "who owns a received message's bytes (default: ${DEFAULT-VALUE})")
        String name = "owned";

        io.msgr2.io.ReceiveBuffers buffers() {
            return switch (name) {
                case "owned" -> io.msgr2.io.ReceiveBuffers.OWNED;
                case "loaned" -> io.msgr2.io.ReceiveBuffers.LOANED;
                default -> throw new UsageException("--receive-buffers takes owned or loaned");
            };
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = streams.out();
        io.msgr2.io.NetworkStack stack = transport.stack();
        io.msgr2.io.ReceiveBuffers buffers = receive.buffers();
        List<String> patterns = List.of(patternList.split(","));
        List<Integer> sizes = sizeList != null ? sizeList
                : quick ? List.of(4096, 65536, 1048576) : List.of(0, 4096, 65536, 1048576, 4194304);
        List<ConnectionMode> modes = ClientOptions.modes(modeList);
        double seconds = secondsOption != null ? secondsOption : quick ? 0.8 : 2;
        int rounds = roundsOption != null ? roundsOption : quick ? 1 : 3;
        if (seconds <= 0 || rounds < 1 || sizes.stream().anyMatch(x -> x < 0)) {
            throw new UsageException("--seconds takes more than 0, --rounds 1 or more, --sizes sizes of 0 or more");
        }
        long t0 = System.nanoTime();
        out.printf("msgr2 bench: one connection on 127.0.0.1, msgr2.1, cephx, the %s transport, %s receive buffers,"
                + " %.1f s per measurement, median of %d rounds (ours and raw sockets taking turns); %s, %d cores,"
                + " JDK %s%n", stack.name(), buffers.name().toLowerCase(java.util.Locale.ROOT), seconds, rounds, cpu(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        if (modes.contains(ConnectionMode.SECURE)) {
            // what a long-running process has done by itself after its first secure connection
            io.msgr2.io.CipherWarmup.await(60, TimeUnit.SECONDS);
        }
        // one pair per mode, all open at once: for each size and round the modes take turns, so
        // that a secure cell and the crc cell it is compared with are measured next to each other
        List<Pair> pairs = new ArrayList<>();
        java.util.Map<String, List<Row>> cells = new java.util.LinkedHashMap<>();
        try {
            for (ConnectionMode mode : modes) {
                pairs.add(Pair.open(mode, stack, buffers));
                for (int size : sizes) {
                    for (String pattern : List.of("one-way", "ping-pong")) {
                        if (patterns.contains(pattern)) {
                            cells.put(cell(pattern, mode, size), new ArrayList<>());
                        }
                    }
                }
            }
            for (Pair p : pairs) {
                // let the JIT compile the messenger's paths first (a long-running process has)
                Baseline warm = new Baseline(1, 1, 1, 1);
                for (int size : List.of(4096, 65536)) {
                    if (patterns.contains("one-way")) {
                        p.oneWay(size, quick ? 0.6 : 1.5, warm);
                    }
                    if (patterns.contains("ping-pong")) {
                        p.pingPong(size, quick ? 0.3 : 0.8, warm);
                    }
                }
            }
            for (int size : sizes) {
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < modes.size(); i++) {
                        ConnectionMode mode = modes.get(i);
                        Pair p = pairs.get(i);
                        Baseline base = Baseline.measure(frameSize(size), mode == ConnectionMode.SECURE ? size : -1,
                                seconds, patterns);
                        if (patterns.contains("one-way")) {
                            cells.get(cell("one-way", mode, size)).add(p.oneWay(size, seconds, base));
                        }
                        if (patterns.contains("ping-pong")) {
                            cells.get(cell("ping-pong", mode, size)).add(p.pingPong(size, seconds, base));
                        }
                    }
                }
            }
        } finally {
            for (Pair p : pairs) {
                p.close();
            }
        }
        List<Row> rows = cells.values().stream().map(Row::median).toList();
        out.println();
        out.printf("%-10s %-6s %8s %12s %10s %9s %9s %12s %9s %7s %8s %12s %9s%n", "pattern", "mode", "size", "msgs/s",
                "MB/s", "p50 us", "p99 us", "raw msgs/s", "raw p50", "ratio", "p50/raw", "raw+gcm", "vs gcm");
        for (Row r : rows) {
            boolean sealed = r.baseSealedMsgsPerSec() > 0;
            out.printf("%-10s %-6s %8s %12.0f %10.1f %9s %9s %12.0f %9s %7.2f %8s %12s %9s%n", r.pattern(), r.mode(),
                    human(r.size()), r.msgsPerSec(), r.mbPerSec(), r.p50us() < 0 ? "-" : String.format("%.1f", r.p50us()),
                    r.p99us() < 0 ? "-" : String.format("%.1f", r.p99us()), r.baseMsgsPerSec(),
                    r.baseP50us() < 0 ? "-" : String.format("%.1f", r.baseP50us()), r.ratio(),
                    r.p50us() < 0 ? "-" : String.format("%.2f", r.p50us() / r.baseP50us()),
                    sealed ? String.format("%.0f", r.baseSealedMsgsPerSec()) : "-",
                    sealed ? String.format("%.2f", r.sealedRatio()) : "-");
        }
        out.println("ratio: messages per second over raw sockets' (higher is better); p50/raw: ping-pong median"
                + " round trip over raw sockets' (lower is better); raw+gcm: raw sockets whose sender seals each"
                + " message and whose receiver opens it with the same AES-128-GCM calls (secure one-way: what the"
                + " cipher leaves of the machine), vs gcm: our messages per second over that");
        if (modes.contains(ConnectionMode.CRC) && modes.contains(ConnectionMode.SECURE)
                && patterns.contains("one-way")) {
            StringBuilder line = new StringBuilder();
            for (int size : sizes) {
                line.append(String.format(" %s %.2f", human(size), securePerCrc(cells.get(cell("one-way",
                        ConnectionMode.CRC, size)), cells.get(cell("one-way", ConnectionMode.SECURE, size)))));
            }
            out.println("secure / crc one-way messages per second, median of the rounds' ratios (each round's two"
                    + " cells measured in turn):" + line);
        }
        double min = rows.stream().filter(r -> r.pattern().equals("one-way") && r.size() >= 65536)
                .mapToDouble(Row::ratio).min().orElse(Double.NaN);
        out.printf("%n%.1f s in all. Smallest one-way throughput ratio to raw sockets, messages >= 64 KiB:%n",
                (System.nanoTime() - t0) / 1e9);
        out.printf("%.2f%n", min);
        return 0;
    }

    /**
     * {@code msgr2 bench compression [--sizes LIST] [--seconds S]}: two Java OSDs, one
     * connection, one direction, crc; per method (off, snappy, zlib, zstd, lz4) and per kind
     * of data (compressible text, incompressible random bytes): messages/s, payload MB/s, the
     * ratio to compression off measured in the same run, and how much the data segment shrinks.
     */
    @picocli.CommandLine.Command(name = "compression", mixinStandardHelpOptions = true,
            description = "Two Java OSDs, one connection: each compression method on compressible and random data.")
    static final class Compression implements java.util.concurrent.Callable<Integer> {
        private final Main.Io streams;

        @picocli.CommandLine.Option(names = "--sizes", paramLabel = "LIST", split = ",", defaultValue = "65536,1048576",
                description = "message sizes in bytes (default: ${DEFAULT-VALUE})")
        List<Integer> sizes;

        @picocli.CommandLine.Option(names = "--seconds", paramLabel = "S", defaultValue = "2",
                description = "seconds per cell (default: ${DEFAULT-VALUE})")
        double seconds;

        @picocli.CommandLine.Mixin
        TransportOption transport = new TransportOption();

        Compression(Main.Io io) {
            this.streams = io;
        }

        @Override
        public Integer call() throws Exception {
            if (seconds <= 0 || sizes.stream().anyMatch(x -> x < 0)) {
                throw new UsageException("--seconds takes more than 0, --sizes sizes of 0 or more");
            }
            return compression(sizes, seconds, transport.stack(), streams.out());
        }
    }

    static int compression(List<Integer> sizes, double seconds, io.msgr2.io.NetworkStack stack, PrintStream out)
            throws Exception {
        out.printf("msgr2 bench compression: two OSDs on 127.0.0.1, crc, msgr2.1, one direction, %.1f s per cell;"
                + " %s, %d cores, JDK %s%n", seconds, cpu(), Runtime.getRuntime().availableProcessors(), Runtime.version());
        List<io.msgr2.spec.wire.CompressionMethod> methods = List.of(io.msgr2.spec.wire.CompressionMethod.NONE,
                io.msgr2.spec.wire.CompressionMethod.SNAPPY, io.msgr2.spec.wire.CompressionMethod.ZLIB,
                io.msgr2.spec.wire.CompressionMethod.ZSTD, io.msgr2.spec.wire.CompressionMethod.LZ4);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        out.printf("%n%-8s %-14s %8s %10s %10s %9s %9s%n", "method", "data", "size", "msgs/s", "MB/s", "vs off",
                "wire/raw");
        for (int size : sizes) {
            for (String kind : List.of("compressible", "random")) {
                byte[] d = new byte[size];
                if (kind.equals("random")) {
                    rnd.nextBytes(d);
                } else {
                    String text = "osd_op(client.4123.0:17 2.3 2:c5b1e1d3:::rbd_data.1234.0000000000000042:head [write 0~4096]) ";
                    for (int i = 0; i < size; i++) {
                        d[i] = (byte) (text.charAt(i % text.length()) ^ (rnd.nextInt(64) == 0 ? 1 : 0));
                    }
                }
                Bytes data = Bytes.wrap(d);
                double off = 0;
                for (io.msgr2.spec.wire.CompressionMethod m : methods) {
                    io.msgr2.spec.conn.Compression c = m.equals(io.msgr2.spec.wire.CompressionMethod.NONE)
                            ? io.msgr2.spec.conn.Compression.OFF : io.msgr2.spec.conn.Compression.force(List.of(m));
                    double rate;
                    try (Pair p = Pair.openOsds(c, stack)) {
                        rate = p.oneWayOf(data, seconds);
                    }
                    if (m.equals(io.msgr2.spec.wire.CompressionMethod.NONE)) {
                        off = rate;
                    }
                    double shrink = m.equals(io.msgr2.spec.wire.CompressionMethod.NONE) ? 1.0
                            : io.msgr2.codec.compress.OnWireCompressor.of(m).orElseThrow().compress(data).length()
                                    / (double) size;
                    out.printf("%-8s %-14s %8s %10.0f %10.1f %9.2f %9.3f%n", m.equals(io.msgr2.spec.wire.CompressionMethod.NONE)
                            ? "off" : m.toString(), kind, human(size), rate, rate * size / 1e6, rate / off, shrink);
                }
            }
        }
        return 0;
    }


    static String human(int size) {
        return size >= MIB ? size / MIB + " MiB" : size >= 1024 ? size / 1024 + " KiB" : size + " B";
    }

    static String cpu() {
        try {
            for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: the core count says enough
        }
        return System.getProperty("os.arch");
    }

    private static String cell(String pattern, ConnectionMode mode, int size) {
        return pattern + " " + mode + " " + size;
    }

    /** The median over rounds of secure's messages per second over crc's in the same round. */
    static double securePerCrc(List<Row> crc, List<Row> secure) {
        double[] r = new double[Math.min(crc.size(), secure.size())];
        for (int i = 0; i < r.length; i++) {
            r[i] = secure.get(i).msgsPerSec() / crc.get(i).msgsPerSec();
        }
        return median(r);
    }

    /** The on-wire size of a message with {@code size} data bytes in msgr2.1 crc framing. */
    static int frameSize(int size) {
        EncodeResult r = new FrameEncoder(true).encode(message(BULK, size));
        return (int) ((EncodeResult.Encoded) r).wire().length();
    }

    static Message message(int type, int size) {
        return new Message(MsgHeader2.of(type, MsgHeader2.PRIO_DEFAULT, 1, 1), Bytes.EMPTY, Bytes.EMPTY,
                Bytes.zeros(size));
    }

    /** A server and a client messenger with one READY connection between them, cephx, in {@code mode}. */
    static final class Pair implements AutoCloseable {
        final Msgr2Messenger server;
        final Msgr2Messenger client;
        final Msgr2Connection conn;
        final AtomicLong deliveredBytes = new AtomicLong();
        volatile Semaphore window = new Semaphore(0);
        /** The ping-pong in progress: the client's listener answers each echo with the next ping. */
        volatile PingPong pingPong;

        /** Two OSDs (osd.1 dials osd.2), auth none, crc, with this compression: what compresses in Ceph. */
        private Pair(io.msgr2.spec.conn.Compression compression, io.msgr2.io.NetworkStack stack) throws Exception {
            EntityName osd1 = new EntityName(EntityType.OSD, "1");
            EntityName osd2 = new EntityName(EntityType.OSD, "2");
            server = Msgr2Messenger.server(MessengerOptions.builder().name(osd2).gid(2)
                    .auth(io.msgr2.spec.auth.AuthConfig.none(osd2, 0)).compression(compression).stack(stack).build(),
                    new InetSocketAddress("127.0.0.1", 0), new Msgr2Listener() {
                        @Override
                        public void onMessage(Msgr2Connection c, Message m) {
                            deliveredBytes.addAndGet(m.data().length());
                            window.release();
                        }
                    });
            client = Msgr2Messenger.client(MessengerOptions.builder().name(osd1).gid(1)
                    .auth(io.msgr2.spec.auth.AuthConfig.none(osd1, 0)).compression(compression).stack(stack).build(),
                    new Msgr2Listener() {});
            conn = client.connect(server.addrs(), EntityType.OSD);
            conn.awaitReady(Duration.ofSeconds(10));
        }

        static Pair openOsds(io.msgr2.spec.conn.Compression compression, io.msgr2.io.NetworkStack stack)
                throws Exception {
            return new Pair(compression, stack);
        }

        /** One-way throughput of messages carrying {@code data}: messages per second. */
        double oneWayOf(Bytes data, double seconds) throws InterruptedException {
            int windowSize = (int) Math.max(16, Math.min(1024, 16 * MIB / Math.max(data.length(), 1)));
            Message m = new Message(MsgHeader2.of(BULK, MsgHeader2.PRIO_DEFAULT, 1, 1), Bytes.EMPTY, Bytes.EMPTY, data);
            runOneWay(m, windowSize, seconds / 4);
            long[] r = runOneWay(m, windowSize, seconds);
            return r[0] / (r[1] / 1e9);
        }

        private Pair(ConnectionMode mode, io.msgr2.io.NetworkStack stack, io.msgr2.io.ReceiveBuffers buffers)
                throws Exception {
            EntityName mon = new EntityName(EntityType.MON, "bench");
            EntityName cli = new EntityName(EntityType.CLIENT, "bench");
            byte[] seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            CryptoKey.Made key = CryptoKey.random(Entropy.drbg(Bytes.wrap(seed)), Msgr2Clock.now());
            KeyServer ks = KeyServer.create(Keyring.of(cli, key.key(), Map.of("mon", "allow *")), key.entropy(),
                    Msgr2Clock.now()).keyServer();
            server = Msgr2Messenger.server(MessengerOptions.builder().name(mon).gid(0)
                    .auth(CephxConfig.mon(mon, ks).withServerModes(List.of(mode))).stack(stack).receiveBuffers(buffers)
                    .build(),
                    new InetSocketAddress("127.0.0.1", 0), new Msgr2Listener() {
                        @Override
                        public void onMessage(Msgr2Connection c, Message m) {
                            if (m.header().type() == ECHO) {
                                c.send(new Message(MsgHeader2.of(ECHO, MsgHeader2.PRIO_DEFAULT, 1, 1), m.front(),
                                        m.middle(), m.data()));
                            } else {
                                deliveredBytes.addAndGet(m.data().length());
                                window.release();
                            }
                        }
                    });
            client = Msgr2Messenger.client(MessengerOptions.builder().name(cli)
                    .auth(CephxConfig.client(cli, key.key()).withModes(List.of(mode))).stack(stack)
                    .receiveBuffers(buffers).build(),
                    new Msgr2Listener() {
                        @Override
                        public void onMessage(Msgr2Connection c, Message m) {
                            pingPong.echoed(c);
                        }
                    });
            conn = client.connect(server.addrs(), EntityType.MON);
            conn.awaitReady(Duration.ofSeconds(10));
        }

        static Pair open(ConnectionMode mode, io.msgr2.io.NetworkStack stack, io.msgr2.io.ReceiveBuffers buffers)
                throws Exception {
            return new Pair(mode, stack, buffers);
        }

        /** As many messages as a window of unconfirmed deliveries allows, for {@code seconds}. */
        Row oneWay(int size, double seconds, Baseline base) throws InterruptedException {
            int windowSize = (int) Math.max(16, Math.min(1024, 16 * MIB / Math.max(size, 1)));
            Message m = message(BULK, size);
            runOneWay(m, windowSize, seconds / 4); // warm-up
            long[] r = runOneWay(m, windowSize, seconds);
            double secs = r[1] / 1e9;
            return new Row("one-way", modeOf(), size, r[0] / secs, r[0] * (double) size / secs / 1e6, -1, -1,
                    base.oneWayMsgsPerSec(), -1, base.oneWaySealedMsgsPerSec());
        }

        private long[] runOneWay(Message m, int windowSize, double seconds) throws InterruptedException {
            window = new Semaphore(windowSize);
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long sent = 0;
            while (System.nanoTime() < end) {
                window.acquire();
                conn.send(m);
                sent++;
            }
            window.acquire(windowSize); // every message delivered
            return new long[] {sent, System.nanoTime() - start};
        }

        Row pingPong(int size, double seconds, Baseline base) throws InterruptedException {
            Message m = message(ECHO, size);
            runPingPong(m, seconds / 4);
            long[] rtts = runPingPong(m, seconds);
            long total = Arrays.stream(rtts).sum();
            double secs = total / 1e9;
            return new Row("ping-pong", modeOf(), size, rtts.length / secs, rtts.length * (double) size / secs / 1e6,
                    pct(rtts, 50), pct(rtts, 99), base.pingPongMsgsPerSec(), base.pingPongP50us(), -1);
        }

        /**
         * Round trips for {@code seconds}: the client's listener sends the next ping as soon as
         * the echo arrives (on the transport's thread, as an event-driven application would), so
         * the figure is the messenger's latency, not a hand-off to a waiting thread.
         */
        private long[] runPingPong(Message m, double seconds) throws InterruptedException {
            PingPong pp = new PingPong(m, System.nanoTime() + (long) (seconds * 1e9));
            pingPong = pp;
            pp.sentAt = System.nanoTime();
            conn.send(m);
            if (!pp.done.await((long) seconds + 10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no echo within 10 s");
            }
            return java.util.Arrays.copyOf(pp.rtts, pp.n);
        }

        ConnectionMode modeOf() {
            return conn.snapshot().link().orElseThrow().auth().orElseThrow().mode();
        }

        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    /** One ping-pong run, driven by the client's listener. */
    static final class PingPong {
        final Message ping;
        final long deadline;
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        long[] rtts = new long[1 << 16];
        int n;
        volatile long sentAt;

        PingPong(Message ping, long deadline) {
            this.ping = ping;
            this.deadline = deadline;
        }

        void echoed(Msgr2Connection c) {
            long now = System.nanoTime();
            if (n == rtts.length) {
                rtts = java.util.Arrays.copyOf(rtts, 2 * n);
            }
            rtts[n++] = now - sentAt;
            if (now < deadline) {
                sentAt = System.nanoTime();
                c.send(ping);
            } else {
                done.countDown();
            }
        }
    }

    static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e3;
    }

    /** The same bytes through plain java.net sockets, written in chunks of one frame's size. */
    record Baseline(double oneWayMsgsPerSec, double pingPongMsgsPerSec, double pingPongP50us,
                    double oneWaySealedMsgsPerSec) {
        /**
         * Raw sockets moving frames of {@code chunk} bytes; with {@code sealed} >= 0 also raw sockets
         * moving messages of {@code sealed} bytes each sealed and opened with AES-128-GCM (one-way).
         */
        static Baseline measure(int chunk, int sealed, double seconds, List<String> patterns)
                throws IOException, InterruptedException {
            try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                double oneWay = Double.NaN;
                double oneWaySealed = -1;
                if (patterns.contains("one-way")) {
                    oneWay(ss, chunk, seconds / 4);
                    oneWay = oneWay(ss, chunk, seconds);
                    if (sealed >= 0) {
                        oneWaySealed(ss, sealed, seconds / 4);
                        oneWaySealed = oneWaySealed(ss, sealed, seconds);
                    }
                }
                if (!patterns.contains("ping-pong")) {
                    return new Baseline(oneWay, Double.NaN, Double.NaN, oneWaySealed);
                }
                pingPong(ss, chunk, seconds / 4);
                long[] rtts = pingPong(ss, chunk, seconds);
                double secs = Arrays.stream(rtts).sum() / 1e9;
                return new Baseline(oneWay, rtts.length / secs, pct(rtts, 50), oneWaySealed);
            }
        }

        private static double oneWay(ServerSocket ss, int chunk, double seconds) throws IOException, InterruptedException {
            byte[] data = new byte[chunk];
            return oneWay(ss, seconds, in -> {
                byte[] buf = new byte[64 * 1024];
                long bytes = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    bytes += n;
                }
                return bytes / (double) chunk;
            }, o -> o.write(data));
        }

        /**
         * The machine's limit for secure mode: the writer seals each message of {@code size} bytes
         * with the codec's {@link FrameCipher} (the JDK's AES-128-GCM, fed as the encoder feeds
         * it) into one reused array and writes it; the reader reads it whole into one reused array
         * and opens it into another. No framing, no copies beyond the socket's.
         */
        private static double oneWaySealed(ServerSocket ss, int size, double seconds)
                throws IOException, InterruptedException {
            Bytes key = Bytes.zeros(FrameCipher.KEY_SIZE);
            Bytes nonce = Bytes.zeros(FrameCipher.NONCE_SIZE);
            int wire = size + FrameCipher.TAG_SIZE;
            FrameCipher tx = new FrameCipher(key, nonce, true);
            List<Bytes> data = List.of(Bytes.zeros(size));
            byte[] out = new byte[wire];
            return oneWay(ss, seconds, in -> {
                FrameCipher rx = new FrameCipher(key, nonce, true);
                byte[] buf = new byte[wire];
                byte[] plain = new byte[size];
                long messages = 0;
                while (in.readNBytes(buf, 0, wire) == wire) {
                    if (rx.open(Bytes.wrap(buf), n -> plain).isEmpty()) {
                        throw new IOException("the tag did not verify");
                    }
                    messages++;
                }
                return messages;
            }, o -> {
                tx.sealInto(data, out, 0);
                o.write(out);
            });
        }

        /** What the reading end of a raw pair does until the writer closes: how many messages it took. */
        private interface RawReader {
            double read(InputStream in) throws IOException;
        }

        /** One message from the writing end of a raw pair. */
        private interface RawWriter {
            void write(OutputStream o) throws IOException;
        }

        /** A raw socket pair for {@code seconds}: the writer writes as fast as it can; messages the reader took per second. */
        private static double oneWay(ServerSocket ss, double seconds, RawReader reader, RawWriter writer)
                throws IOException, InterruptedException {
            double[] received = new double[1];
            try (Socket c = new Socket(ss.getInetAddress(), ss.getLocalPort()); Socket s = ss.accept()) {
                c.setTcpNoDelay(true);
                Thread t = Thread.ofPlatform().start(() -> {
                    try (InputStream in = s.getInputStream()) {
                        received[0] = reader.read(in);
                    } catch (IOException e) {
                        // the writer closed: done
                    }
                });
                OutputStream o = c.getOutputStream();
                long start = System.nanoTime();
                long end = start + (long) (seconds * 1e9);
                while (System.nanoTime() < end) {
                    writer.write(o);
                }
                c.shutdownOutput();
                t.join();
                return received[0] / ((System.nanoTime() - start) / 1e9);
            }
        }

        private static long[] pingPong(ServerSocket ss, int chunk, double seconds) throws IOException, InterruptedException {
            List<Long> out = new ArrayList<>();
            try (Socket c = new Socket(ss.getInetAddress(), ss.getLocalPort()); Socket s = ss.accept()) {
                c.setTcpNoDelay(true);
                s.setTcpNoDelay(true);
                Thread echo = Thread.ofPlatform().start(() -> {
                    byte[] buf = new byte[chunk];
                    try (InputStream in = s.getInputStream(); OutputStream o = s.getOutputStream()) {
                        while (in.readNBytes(buf, 0, chunk) == chunk) {
                            o.write(buf);
                        }
                    } catch (IOException e) {
                        // closed: done
                    }
                });
                byte[] data = new byte[chunk];
                byte[] back = new byte[chunk];
                OutputStream o = c.getOutputStream();
                InputStream in = c.getInputStream();
                long end = System.nanoTime() + (long) (seconds * 1e9);
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    o.write(data);
                    in.readNBytes(back, 0, chunk);
                    out.add(System.nanoTime() - t);
                }
                c.shutdownOutput();
                echo.join();
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }
    }
}
