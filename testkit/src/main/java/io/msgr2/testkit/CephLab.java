package io.msgr2.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway Ceph cluster on 127.0.0.1 in a temporary directory, from the distribution's
 * packages ({@code ceph-mon}, {@code ceph-osd}, {@code ceph-common}): one mon, optionally one
 * OSD on memstore. For interop tests; {@link #close()} stops every daemon it started and
 * deletes the directory.
 */
public final class CephLab implements AutoCloseable {
    /** The fixed test key of client.admin (AES-128, as Pacific makes them). */
    public static final String ADMIN_KEY = "AQB4OwZrfXF/CRAAG225U7LQq2CSKk+8XT48Cg==";
    static final String MON_KEY = "AQB4OwZr8MH6CxAAmxqvwkhuxDQe1kc9ZxPicA==";
    static final String OSD_KEY = "AQDSOwZr1lyWERAA1BhKh5UbupWcLqu0jGdFWw==";

    /** What kind of lab. */
    public record Options(String auth, String mode, boolean osd, boolean msgr1, int debugMs) {
        public static Options authNone() {
            return new Options("none", "crc", false, false, 0);
        }

        public static Options cephx(String mode) {
            return new Options("cephx", mode, false, false, 0);
        }

        public Options withOsd() {
            return new Options(auth, mode, true, msgr1, debugMs);
        }

        public Options withMsgr1() {
            return new Options(auth, mode, osd, true, debugMs);
        }

        public Options withDebugMs(int level) {
            return new Options(auth, mode, osd, msgr1, level);
        }
    }

    private final Path dir;
    private final Options options;
    private final int port;
    private final String fsid;
    private final List<Process> daemons = new ArrayList<>();
    private String osdAddr;

    private CephLab(Path dir, Options options, int port, String fsid) {
        this.dir = dir;
        this.options = options;
        this.port = port;
        this.fsid = fsid;
    }

    /** Whether this machine has the Ceph packages the lab needs; names what is missing otherwise. */
    public static Optional<String> missing() {
        for (String tool : List.of("ceph-mon", "ceph-osd", "ceph", "ceph-authtool", "monmaptool")) {
            if (which(tool).isEmpty()) {
                return Optional.of(tool + " (install: apt-get install -y ceph-mon ceph-osd ceph-common)");
            }
        }
        return Optional.empty();
    }

    /** The Ceph version the packages are ({@code ceph-mon --version}). */
    public static String version() {
        try {
            return run(Duration.ofSeconds(20), List.of("ceph-mon", "--version")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    public static CephLab start(Options o) throws IOException {
        Path dir = Files.createTempDirectory("msgr2-lab-");
        int port = freePort();
        String fsid = UUID.randomUUID().toString();
        CephLab lab = new CephLab(dir, o, port, fsid);
        try {
            lab.startMon();
            if (o.osd()) {
                lab.startOsd();
            }
            return lab;
        } catch (IOException | RuntimeException e) {
            String logs = lab.logTails();
            lab.close();
            throw new IOException("the lab did not start: " + e.getMessage() + "\n" + logs, e);
        }
    }

    public InetSocketAddress monAddr() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    public int monPort() {
        return port;
    }

    public String fsid() {
        return fsid;
    }

    public Path dir() {
        return dir;
    }

    public Path conf() {
        return dir.resolve("ceph.conf");
    }

    public Path keyring() {
        return dir.resolve("keyring");
    }

    /** The OSD's address vector as the osdmap prints it ({@code v2:127.0.0.1:6800/NONCE}). */
    public Optional<String> osdAddr() {
        return Optional.ofNullable(osdAddr);
    }

    /** Runs the {@code ceph} CLI against the lab. */
    public String ceph(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ceph", "-c", conf().toString(), "--connect-timeout", "15"));
        cmd.addAll(List.of(args));
        return run(Duration.ofSeconds(60), cmd);
    }

    private void startMon() throws IOException {
        String modes = switch (options.mode()) {
            case "crc" -> "crc";
            case "secure" -> "secure";
            default -> "crc secure";
        };
        String monvec = "v2:127.0.0.1:" + port + (options.msgr1() ? ",v1:127.0.0.1:" + (port + 1) : "");
        for (String d : List.of("log", "run", "mon.a", "crash")) {
            Files.createDirectories(dir.resolve(d));
        }
        String conf = """
                [global]
                fsid = %1$s
                mon host = [%2$s]
                public addr = 127.0.0.1
                cluster addr = 127.0.0.1
                ms bind msgr1 = %3$s
                ms bind msgr2 = true
                ms bind ipv4 = true
                ms bind ipv6 = false
                auth cluster required = %4$s
                auth service required = %4$s
                auth client required = %4$s
                auth allow insecure global id reclaim = false
                ms cluster mode = %5$s
                ms service mode = %5$s
                ms client mode = %5$s
                ms mon cluster mode = %5$s
                ms mon service mode = %5$s
                ms mon client mode = %5$s
                run dir = %6$s/run
                crash dir = %6$s/crash
                log file = %6$s/log/$name.log
                mon cluster log file = %6$s/log/cluster.$channel.log
                debug ms = %7$d
                mon data = %6$s/mon.$id
                osd data = %6$s/osd.$id
                osd objectstore = memstore
                memstore device bytes = 1073741824
                osd pool default size = 1
                osd pool default min size = 1
                osd pool default pg num = 8
                osd pool default pgp num = 8
                osd pool default pg autoscale mode = off
                osd crush chooseleaf type = 0
                mon allow pool size one = true
                mon warn on pool no redundancy = false
                mon warn on insecure global id reclaim allowed = false
                mon data avail warn = 1
                mon data avail crit = 0
                osd fast shutdown = true
                paxos propose interval = 0.1
                paxos min wait = 0.01
                mon osd auto mark new in = true

                [mon]
                pid file = $run_dir/$name.pid

                [osd]
                pid file = $run_dir/$name.pid
                osd max object name len = 1024

                [client]
                keyring = %6$s/keyring
                """.formatted(fsid, monvec, options.msgr1(), options.auth(), modes, dir, options.debugMs());
        Files.writeString(conf(), conf);
        Duration t = Duration.ofSeconds(30);
        run(t, List.of("ceph-authtool", "--create-keyring", dir.resolve("mon.keyring").toString(), "--name", "mon.",
                "--add-key", MON_KEY, "--cap", "mon", "allow *"));
        run(t, List.of("ceph-authtool", "--create-keyring", keyring().toString(), "--name", "client.admin",
                "--add-key", ADMIN_KEY, "--cap", "mon", "allow *", "--cap", "osd", "allow *", "--cap", "mgr",
                "allow *", "--cap", "mds", "allow *"));
        run(t, List.of("ceph-authtool", dir.resolve("mon.keyring").toString(), "--import-keyring",
                keyring().toString()));
        run(t, List.of("monmaptool", "--create", "--fsid", fsid, "--addv", "a", "[" + monvec + "]",
                "--enable-all-features", "--set-min-mon-release", "pacific", dir.resolve("monmap").toString()));
        run(t, List.of("ceph-mon", "-c", conf().toString(), "-i", "a", "--mkfs", "--monmap",
                dir.resolve("monmap").toString(), "--keyring", dir.resolve("mon.keyring").toString()));
        daemon("mon.a", List.of("ceph-mon", "-c", conf().toString(), "-i", "a", "-f"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!listening(port)) {
            alive();
            if (System.nanoTime() > deadline) {
                throw new IOException("the mon did not listen on " + port + " within 60 s");
            }
            sleep(50);
        }
        while (true) {
            try {
                ceph("-s");
                return;
            } catch (IOException e) {
                alive();
                if (System.nanoTime() > deadline) {
                    throw new IOException("the mon did not answer 'ceph -s' within 60 s: " + e.getMessage());
                }
                sleep(200);
            }
        }
    }

    private void startOsd() throws IOException {
        Path osd = dir.resolve("osd.0");
        Files.createDirectories(osd);
        Duration t = Duration.ofSeconds(60);
        run(t, List.of("ceph-authtool", "--create-keyring", osd.resolve("keyring").toString(), "--name", "osd.0",
                "--add-key", OSD_KEY));
        Files.writeString(osd.resolve("new.json"), "{\"cephx_secret\": \"" + OSD_KEY + "\"}\n");
        String uuid = UUID.randomUUID().toString();
        String id = ceph("osd", "new", uuid, "-i", osd.resolve("new.json").toString()).trim();
        if (!id.equals("0")) {
            throw new IOException("unexpected osd id '" + id + "'");
        }
        run(t, List.of("ceph-osd", "-c", conf().toString(), "-i", "0", "--mkfs", "--osd-uuid", uuid));
        daemon("osd.0", List.of("ceph-osd", "-c", conf().toString(), "-i", "0", "-f"));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Pattern up = Pattern.compile("\"osd\":0,.*?\"up\":1.*?\"public_addrs\":\\{\"addrvec\":\\[(.*?)\\]");
        while (true) {
            alive();
            String dump = ceph("osd", "dump", "-f", "json");
            Matcher m = up.matcher(dump);
            if (m.find()) {
                Matcher a = Pattern.compile("\"type\":\"(v[12])\",\"addr\":\"([0-9.:]+)\",\"nonce\":(\\d+)")
                        .matcher(m.group(1));
                List<String> addrs = new ArrayList<>();
                while (a.find()) {
                    addrs.add(a.group(1) + ":" + a.group(2) + "/" + a.group(3));
                }
                osdAddr = String.join(",", addrs);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("osd.0 not up within 90 s");
            }
            sleep(250);
        }
    }

    private void daemon(String name, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").resolve(name + ".stdout").toFile()).start();
        daemons.add(p);
    }

    private void alive() throws IOException {
        for (Process p : daemons) {
            if (!p.isAlive()) {
                throw new IOException("a daemon exited with " + p.exitValue());
            }
        }
    }

    /** The last lines of every daemon log, for failure reports. */
    public String logTails() {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> logs = Files.list(dir.resolve("log"))) {
            for (Path f : logs.sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                b.append("== ").append(f.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> b.append(l).append('\n'));
            }
        } catch (IOException | UncheckedIOException e) {
            b.append("(no logs: ").append(e.getMessage()).append(")\n");
        }
        return b.toString();
    }

    /** Stops the daemons (OSD first; SIGTERM, SIGKILL after 15 s) and deletes the directory. */
    @Override
    public void close() {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            Process p = daemons.get(i);
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        daemons.clear();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    static String run(Duration timeout, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " timed out");
            }
            String s = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + s.trim());
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    private static Optional<Path> which(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin:/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        for (String d : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin")) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** A free port in 20000-29999 (outside the ephemeral range), with the next one free too (msgr1). */
    private static int freePort() throws IOException {
        java.util.SplittableRandom r = new java.util.SplittableRandom();
        for (int i = 0; i < 200; i++) {
            int p = 20000 + r.nextInt(10000);
            if (free(p) && free(p + 1)) {
                return p;
            }
        }
        throw new IOException("no free port");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
