package io.msgr2.examples;

import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MessageType;
import io.msgr2.spec.wire.MsgHeader2;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code msgr2 bench mon-ping --mon HOST:PORT [auth options] --count N [--no-librados]}: a new
 * connection, the whole handshake and one CEPH_MSG_PING round trip, N times in one JVM
 * (after {@code --warmup} rounds, 5000 by default: HotSpot's optimising compiler takes a method
 * once it has run about 5000 times, and most of the handshake's code runs once per connection,
 * so the rounds before that measure the JIT at work; their p50 is printed too), p50/p99. In the
 * same run, librados' {@code ping_monitor}
 * (Ceph's C++ messenger doing the same exchange, through python3-rados) against the same
 * mon, in child processes that print each sample as they go and are re-spawned when one
 * dies (16.2.15's {@code ping_monitor} crashes now and then in a loop).
 */
@picocli.CommandLine.Command(name = "mon-ping", mixinStandardHelpOptions = true,
        description = "New connection + handshake + PING to a mon, N times; librados' ping_monitor in the same run.")
final class MonPingBench implements java.util.concurrent.Callable<Integer> {
    private final Main.Io streams;

    @picocli.CommandLine.Mixin
    ClientOptions.Mixin client;

    @picocli.CommandLine.Option(names = "--count", paramLabel = "N", defaultValue = "200",
            description = "measured samples (default: ${DEFAULT-VALUE})")
    int countOption;

    @picocli.CommandLine.Option(names = "--warmup", paramLabel = "N", defaultValue = "5000",
            description = "unmeasured rounds first, while the JIT compiles the handshake (default: ${DEFAULT-VALUE})")
    int warmup;

    @picocli.CommandLine.Option(names = "--no-librados", description = "skip librados' ping_monitor")
    boolean noLibrados;

    @picocli.CommandLine.Option(names = "--trace-last", description = "trace the last 30 samples")
    boolean traceLast;

    @picocli.CommandLine.Option(names = "--platform-threads", description = "the blocking stack on platform threads")
    boolean platformThreads;

    @picocli.CommandLine.Option(names = "--messenger-per-ping",
            description = "a new messenger for every sample, closed before the sample ends (as librados' ping_monitor does)")
    boolean messengerPerPing;

    MonPingBench(Main.Io io) {
        this.streams = io;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = streams.out();
        ClientOptions o = client.toOptions();
        if (countOption < 1 || warmup < 0) {
            throw new UsageException("--count takes 1 or more, --warmup 0 or more");
        }
        int count = countOption;
        LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        long[] ours = new long[count];
        long[] early = new long[Math.min(warmup, EARLY)];
        String monId = "a";
        java.util.concurrent.atomic.AtomicLong traceFrom = new java.util.concurrent.atomic.AtomicLong();
        List<String> trace = java.util.Collections.synchronizedList(new ArrayList<>());
        var opts = io.msgr2.io.ImmutableMessengerOptions.builder().from(o.messenger());
        if (platformThreads) {
            opts.stack(io.msgr2.io.blocking.BlockingStack.on(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread th = new Thread(r);
                th.setDaemon(true);
                return th;
            })));
        }
        if (traceLast) {
            opts.tracer(line -> {
                if (traceFrom.get() != 0) {
                    trace.add(String.format("%8.1f us  %s", (System.nanoTime() - traceFrom.get()) / 1e3, line));
                }
            });
        }
        MessengerOptions built = opts.build();
        Msgr2Listener listener = new Msgr2Listener() {
            @Override
            public void onMessage(Msgr2Connection c, Message msg) {
                inbox.add(msg);
            }
        };
        try (Msgr2Messenger shared = messengerPerPing ? null : Msgr2Messenger.client(built, listener)) {
            int warm = warmup;
            for (int i = -warm; i < count; i++) {
                long t = System.nanoTime();
                Msgr2Messenger m = messengerPerPing ? Msgr2Messenger.client(built, listener) : shared;
                if (i >= count - 30 && traceLast) {
                    traceFrom.set(t);
                    trace.add("---");
                }
                Msgr2Connection c = m.connect(o.mon(), EntityType.MON);
                c.send(new Message(MsgHeader2.of(MessageType.PING, MsgHeader2.PRIO_DEFAULT, 1, 0), Bytes.EMPTY,
                        Bytes.EMPTY, Bytes.EMPTY));
                Message reply = inbox.poll(o.timeoutSeconds(), TimeUnit.SECONDS);
                if (reply == null) {
                    throw new MonSession.Failure("no PING reply within " + o.timeoutSeconds() + " s (round " + i + ")");
                }
                long dt = System.nanoTime() - t;
                c.close();
                if (messengerPerPing) {
                    m.close();
                    dt = System.nanoTime() - t;
                }
                if (i >= 0) {
                    ours[i] = dt;
                } else if (i + warm < early.length) {
                    early[i + warm] = dt;
                }
                if (i == -warm) {
                    var nm = java.util.regex.Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"")
                            .matcher(new io.msgr2.spec.denc.DencReader(reply.front()).string());
                    monId = nm.find() ? nm.group(1) : monId;
                }
            }
        }
        out.printf("msgr2 bench mon-ping: %d x (%sTCP connect + msgr2 handshake (%s, %s) + CEPH_MSG_PING round trip) to %s%n",
                count, messengerPerPing ? "a new messenger + " : "", o.auth(),
                o.modes().map(Object::toString).orElse("default modes"), MonSession.hostPort(o));
        trace.forEach(out::println);
        if (early.length > 0) {
            out.printf("  msgr2-java, its first %d rounds (the JIT still compiling): p50 %8.0f us   p99 %8.0f us%n",
                    early.length, BenchCommand.pct(early, 50), BenchCommand.pct(early, 99));
        }
        out.printf("  msgr2-java          p50 %8.0f us   p99 %8.0f us%n", BenchCommand.pct(ours, 50),
                BenchCommand.pct(ours, 99));
        if (noLibrados) {
            return 0;
        }
        List<Long> theirs = librados(o, monId, count, out);
        if (theirs.isEmpty()) {
            return 0;
        }
        long[] t = theirs.stream().mapToLong(Long::longValue).toArray();
        out.printf("  librados ping_monitor p50 %6.0f us   p99 %8.0f us   (%d samples)%n", BenchCommand.pct(t, 50),
                BenchCommand.pct(t, 99), t.length);
        out.printf("  p50 ratio (librados / msgr2-java): %.2f%n", BenchCommand.pct(t, 50) / BenchCommand.pct(ours, 50));
        return 0;
    }

    /** How many of the first warm-up rounds are reported apart. */
    private static final int EARLY = 200;

    static final String SCRIPT = """
            import rados, sys, time
            conf, mon_id, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
            r = rados.Rados(conffile=conf)
            for i in range(n):
                t = time.perf_counter_ns()
                r.ping_monitor(mon_id)
                print((time.perf_counter_ns() - t), flush=True)
            """;

    /** Samples in nanoseconds from librados' ping_monitor, re-spawning crashed children; empty without python3-rados. */
    static List<Long> librados(ClientOptions o, String monId, int count, PrintStream out)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("msgr2-bench-librados");
        try {
            Path keyring = dir.resolve("keyring");
            Path conf = dir.resolve("ceph.conf");
            if (o.key().isPresent()) {
                Files.writeString(keyring, "[" + o.name() + "]\n\tkey = " + o.key().get().toBase64() + "\n");
            }
            String mode = o.modes().map(ms -> String.join(" ", ms.stream().map(Object::toString).toList())).orElse("secure crc");
            Files.writeString(conf, """
                    [global]
                    mon host = v2:%s
                    auth client required = %s
                    ms mon client mode = %s
                    keyring = %s
                    log file = /dev/null
                    ms bind msgr1 = false
                    """.formatted(MonSession.hostPort(o), o.auth(), mode, keyring));
            Path script = dir.resolve("ping.py");
            Files.writeString(script, SCRIPT);
            List<Long> samples = new ArrayList<>();
            int warm = Math.min(20, count);
            int crashes = 0;
            while (samples.size() < count + warm && crashes < 50) {
                Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), conf.toString(), monId,
                        Integer.toString(count + warm - samples.size())).redirectErrorStream(true).start();
                List<String> junk = new ArrayList<>();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.matches("\\d+")) {
                            samples.add(Long.parseLong(line));
                        } else {
                            junk.add(line);
                        }
                    }
                }
                if (p.waitFor() != 0) {
                    crashes++;
                    if (junk.stream().anyMatch(l -> l.contains("No module named 'rados'"))) {
                        out.println("  librados: python3-rados is not installed (apt-get install python3-rados)");
                        return List.of();
                    }
                }
            }
            if (crashes > 0) {
                out.printf("  librados: %d child process(es) died and were re-spawned%n", crashes);
            }
            return samples.subList(Math.min(warm, samples.size()), samples.size());
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
