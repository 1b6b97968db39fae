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
 * packages ({@code ceph-mon}, {@code ceph-osd}, {@code ceph-common}), or from Tentacle's inside
 * a {@link TentacleRoot} chroot (its daemons share the host's 127.0.0.1): one mon, optionally
 * one OSD on memstore. Tentacle labs use aes256k keys unless given an AES-128 one (then the
 * mon is told to allow both, as {@code ceph-lab --key AQ...} does). For interop tests;
 * {@link #close()} stops every daemon it started and deletes the directory.
 */
public final class CephLab implements AutoCloseable {
    /** The fixed test key of client.admin (AES-128, as Pacific makes them). */
    public static final String ADMIN_KEY = "AQB4OwZrfXF/CRAAG225U7LQq2CSKk+8XT48Cg==";
    static final String MON_KEY = "AQB4OwZr8MH6CxAAmxqvwkhuxDQe1kc9ZxPicA==";
    static final String OSD_KEY = "AQDSOwZr1lyWERAA1BhKh5UbupWcLqu0jGdFWw==";
    /** The aes256k test keys, Tentacle's default key type. */
    public static final String ADMIN_KEY_256 = "AgCi9QZrEljmHyAA7yB0O8xkrZyQ4MIRbL5ogvMCJG/+nEJNA62JA5WrCic=";
    static final String MON_KEY_256 = "AgCi9QZrcX+sISAAb8Cq610ZWveaZ4kcDjMBN02vl/ehTgMZVAm1AHm1j8A=";
    static final String OSD_KEY_256 = "AgCi9QZrhx5uIyAAu3onGtooOg/QDpRPspBn+U+6b6M50Fm22JxTw+NTMW0=";

    /**
     * What kind of lab. {@code tentacle}: run it in the {@link TentacleRoot} chroot;
     * {@code key}: client.admin's key ("" for the release's default type).
     */
    public record Options(String auth, String mode, boolean osd, boolean msgr1, int debugMs, boolean tentacle,
                          String key, boolean compress) {
        public Options(String auth, String mode, boolean osd, boolean msgr1, int debugMs) {
            this(auth, mode, osd, msgr1, debugMs, false, "", false);
        }

        public Options inTentacle(String adminKey) {
            return new Options(auth, mode, osd, msgr1, debugMs, true, adminKey, compress);
        }

        /** OSDs compress with each other (Quincy+): {@code ms_osd_compress_mode = force}, snappy. */
        public Options withCompression() {
            return new Options(auth, mode, osd, msgr1, debugMs, tentacle, key, true);
        }

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
    private final Optional<Path> root;
    private final Options options;
    private String adminKey = ADMIN_KEY;
    private final int port;
    private final String fsid;
    private final List<Process> daemons = new ArrayList<>();
    private String osdAddr;
    private String osdKey = OSD_KEY;

    private CephLab(Path dir, Optional<Path> root, Options options, int port, String fsid) {
        this.dir = dir;
        this.root = root;
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
        return version(Optional.empty());
    }

    /** The version inside {@code root} when given. */
    public static String version(Optional<Path> root) {
        try {
            return run(Duration.ofSeconds(20), chrooted(root, List.of("ceph-mon", "--version"))).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    public static CephLab start(Options o) throws IOException {
        Optional<Path> root = Optional.empty();
        Path dir;
        if (o.tentacle()) {
            root = TentacleRoot.get();
            if (root.isEmpty()) {
                throw new IOException("no Tentacle chroot: " + TentacleRoot.whyNot());
            }
            Path tmp = root.get().resolve("tmp");
            Files.createDirectories(tmp);
            dir = Files.createTempDirectory(tmp, "msgr2-lab-");
        } else {
            dir = Files.createTempDirectory("msgr2-lab-");
        }
        int port = freePort();
        String fsid = UUID.randomUUID().toString();
        CephLab lab = new CephLab(dir, root, o, port, fsid);
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

    /** client.admin's key (base64). */
    public String adminKey() {
        return adminKey;
    }

    /** The chroot the lab runs in, if any. */
    public Optional<Path> root() {
        return root;
    }

    /** A path of the lab as the daemons (inside the chroot, if any) see it. */
    public String inner(Path hostPath) {
        return root.map(r -> "/" + r.relativize(hostPath)).orElse(hostPath.toString());
    }

    /** {@code cmd} as it runs for this lab: inside the chroot when there is one. */
    public List<String> command(List<String> cmd) {
        return chrooted(root, cmd);
    }

    static List<String> chrooted(Optional<Path> root, List<String> cmd) {
        if (root.isEmpty()) {
            return cmd;
        }
        List<String> out = new ArrayList<>(List.of("chroot", root.get().toString()));
        out.addAll(cmd);
        return out;
    }

    /** The OSD's address vector as the osdmap prints it ({@code v2:127.0.0.1:6800/NONCE}). */
    public Optional<String> osdAddr() {
        return Optional.ofNullable(osdAddr);
    }

    /** Runs the {@code ceph} CLI against the lab. */
    public String ceph(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ceph", "-c", inner(conf()), "--connect-timeout", "15"));
        cmd.addAll(List.of(args));
        return run(Duration.ofSeconds(60), command(cmd));
    }

    private void startMon() throws IOException {
        String modes = switch (options.mode()) {
            case "crc" -> "crc";
            case "secure" -> "secure";
            default -> "crc secure";
        };
        String monvec = "v2:127.0.0.1:" + port + (options.msgr1() ? ",v1:127.0.0.1:" + (port + 1) : "");
        String version = version(root);
        boolean newCiphers = !version.contains(" pacific ") && !version.contains(" quincy ") && !version.contains(" reef ")
                && !version.contains(" squid ");
        adminKey = options.key().isEmpty() ? (newCiphers ? ADMIN_KEY_256 : ADMIN_KEY) : options.key();
        boolean aes256k = adminKey.startsWith("Ag");
        String monKey = aes256k ? MON_KEY_256 : MON_KEY;
        osdKey = aes256k ? OSD_KEY_256 : OSD_KEY;
        String release = version.split(" ").length > 4 ? version.split(" ")[4] : "pacific";
        String in = inner(dir);
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
                """.formatted(fsid, monvec, options.msgr1(), options.auth(), modes, in, options.debugMs());
        if (options.compress()) {
            conf += "\n[global]\nms osd compress mode = force\nms osd compression algorithm = snappy\n"
                    + "ms compress secure = true\n";
        }
        if (newCiphers && !aes256k) {
            // Tentacle refuses AES-128 keys unless told to allow them (ceph-lab --key AQ...)
            conf += "\n[global]\nmon auth allow insecure key = true\nmon auth emergency allowed ciphers = aes, aes256k\n";
        }
        Files.writeString(conf(), conf);
        Duration t = Duration.ofSeconds(30);
        run(t, command(List.of("ceph-authtool", "--create-keyring", inner(dir.resolve("mon.keyring")), "--name", "mon.",
                "--add-key", monKey, "--cap", "mon", "allow *")));
        run(t, command(List.of("ceph-authtool", "--create-keyring", inner(keyring()), "--name", "client.admin",
                "--add-key", adminKey, "--cap", "mon", "allow *", "--cap", "osd", "allow *", "--cap", "mgr",
                "allow *", "--cap", "mds", "allow *")));
        run(t, command(List.of("ceph-authtool", inner(dir.resolve("mon.keyring")), "--import-keyring",
                inner(keyring()))));
        run(t, command(List.of("monmaptool", "--create", "--fsid", fsid, "--addv", "a", "[" + monvec + "]",
                "--enable-all-features", "--set-min-mon-release", release, inner(dir.resolve("monmap")))));
        run(t, command(List.of("ceph-mon", "-c", inner(conf()), "-i", "a", "--mkfs", "--monmap",
                inner(dir.resolve("monmap")), "--keyring", inner(dir.resolve("mon.keyring")))));
        daemon("mon.a", command(List.of("ceph-mon", "-c", inner(conf()), "-i", "a", "-f")));
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
        run(t, command(List.of("ceph-authtool", "--create-keyring", inner(osd.resolve("keyring")), "--name", "osd.0",
                "--add-key", osdKey)));
        Files.writeString(osd.resolve("new.json"), "{\"cephx_secret\": \"" + osdKey + "\"}\n");
        String uuid = UUID.randomUUID().toString();
        String id = ceph("osd", "new", uuid, "-i", inner(osd.resolve("new.json"))).trim();
        if (!id.equals("0")) {
            throw new IOException("unexpected osd id '" + id + "'");
        }
        run(t, command(List.of("ceph-osd", "-c", inner(conf()), "-i", "0", "--mkfs", "--osd-uuid", uuid)));
        daemon("osd.0", command(List.of("ceph-osd", "-c", inner(conf()), "-i", "0", "-f")));
        osdProcess = daemons.get(daemons.size() - 1);
        waitOsdUp(System.nanoTime() + Duration.ofSeconds(90).toNanos());
    }

    private void waitOsdUp(long deadline) throws IOException {
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

    /** The osdmap as JSON ({@code ceph osd dump -f json}). */
    public String osdDump() throws IOException {
        return ceph("osd", "dump", "-f", "json");
    }

    /**
     * Restarts osd.0 (SIGTERM, then the same command): it comes back on its ports with a new
     * address nonce, having lost every session. Returns its new address vector.
     */
    public String restartOsd() throws IOException {
        Process old = osdProcess;
        String before = osdAddr;
        old.destroy();
        try {
            if (!old.waitFor(20, TimeUnit.SECONDS)) {
                old.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        daemons.remove(old);
        daemon("osd.0", command(List.of("ceph-osd", "-c", inner(conf()), "-i", "0", "-f")));
        osdProcess = daemons.get(daemons.size() - 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            osdAddr = null;
            waitOsdUp(deadline);
            if (!osdAddr.equals(before)) {
                return osdAddr;
            }
            sleep(250);
        }
    }

    private Process osdProcess;

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
