package io.msgr2.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Debian sid chroot holding Ceph 20.2 (Tentacle), built once per test JVM with debootstrap
 * from the host's Debian mirror (about 70 s here), so that a {@link CephLab} can run Tentacle
 * daemons on the host's 127.0.0.1 next to Pacific's. It is unmounted ({@code /proc},
 * {@code /dev}, {@code /dev/pts}) and deleted when the JVM exits, never crossing into a mount.
 * {@code MSGR2_TENTACLE_ROOT=DIR} uses (and keeps) an existing root instead.
 */
public final class TentacleRoot {
    private static Optional<Path> root;
    private static String why = "";

    private TentacleRoot() {}

    /** The root, built on first use; empty when this machine cannot build one ({@link #whyNot()}). */
    public static synchronized Optional<Path> get() {
        if (root == null) {
            root = build();
        }
        return root;
    }

    public static synchronized String whyNot() {
        return why;
    }

    private static Optional<Path> build() {
        String given = System.getenv("MSGR2_TENTACLE_ROOT");
        try {
            if (given != null && !given.isBlank() && Files.isExecutable(Path.of(given, "usr/bin/ceph-mon"))) {
                Path p = Path.of(given);
                mountAll(p);
                return Optional.of(p);
            }
            if (!"0".equals(CephLab.run(Duration.ofSeconds(5), List.of("id", "-u")).trim())) {
                why = "not root (debootstrap, chroot and mount need root)";
                return Optional.empty();
            }
            if (!Files.isExecutable(Path.of("/usr/sbin/debootstrap"))) {
                why = "no debootstrap (apt-get install -y debootstrap)";
                return Optional.empty();
            }
            Optional<String> mirror = mirror();
            if (mirror.isEmpty()) {
                why = "no Debian mirror in the host's apt sources";
                return Optional.empty();
            }
            Path dir = Files.createTempDirectory("msgr2-tentacle-root-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> destroy(dir)));
            CephLab.run(Duration.ofMinutes(15), List.of("/usr/sbin/debootstrap", "--variant=minbase",
                    "--include=ceph-mon,ceph-common,iproute2,procps", "sid", dir.toString(), mirror.get()));
            mountAll(dir);
            try {
                Files.copy(Path.of("/etc/resolv.conf"), dir.resolve("etc/resolv.conf"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // name resolution inside is only needed if the mirror is a host name; try anyway
            }
            retry(List.of("chroot", dir.toString(), "env",
                    "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q", "--no-install-recommends", "ceph-base", "ceph-osd",
                    "uuid-runtime"));
            return Optional.of(dir);
        } catch (IOException e) {
            why = "building the chroot failed: " + e.getMessage();
            return Optional.empty();
        }
    }

    /** Runs an apt-get that may meet a flaky mirror: up to three times. */
    private static void retry(List<String> cmd) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                CephLab.run(Duration.ofMinutes(15), cmd);
                return;
            } catch (IOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static Optional<String> mirror() throws IOException {
        Path sources = Path.of("/etc/apt/sources.list.d/debian.sources");
        if (Files.exists(sources)) {
            for (String l : Files.readAllLines(sources)) {
                if (l.startsWith("URIs:")) {
                    return Optional.of(l.substring(5).trim().split("\\s+")[0]);
                }
            }
        }
        Path list = Path.of("/etc/apt/sources.list");
        if (Files.exists(list)) {
            for (String l : Files.readAllLines(list)) {
                String[] f = l.trim().split("\\s+");
                if (f.length > 2 && f[0].equals("deb")) {
                    return Optional.of(f[1].startsWith("[") ? f[2] : f[1]);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean mounted(Path p) throws IOException {
        String real = p.toRealPath().toString();
        return Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(l -> l.split(" ")[1].equals(real));
    }

    static void mountAll(Path dir) throws IOException {
        if (!mounted(dir.resolve("proc"))) {
            CephLab.run(Duration.ofSeconds(10), List.of("mount", "-t", "proc", "proc", dir.resolve("proc").toString()));
        }
        if (!mounted(dir.resolve("dev"))) {
            CephLab.run(Duration.ofSeconds(10), List.of("mount", "--bind", "/dev", dir.resolve("dev").toString()));
        }
        if (!mounted(dir.resolve("dev/pts"))) {
            CephLab.run(Duration.ofSeconds(10), List.of("mount", "--bind", "/dev/pts", dir.resolve("dev/pts").toString()));
        }
    }

    /** Unmounts, then deletes, refusing to delete anything that is still mounted below. */
    static void destroy(Path dir) {
        try {
            for (String m : List.of("dev/pts", "dev", "proc")) {
                Path p = dir.resolve(m);
                if (Files.exists(p) && mounted(p)) {
                    CephLab.run(Duration.ofSeconds(30), List.of("umount", p.toString()));
                }
            }
            String real = dir.toRealPath().toString() + "/";
            List<String> still = new ArrayList<>();
            for (String l : Files.readAllLines(Path.of("/proc/mounts"))) {
                if (l.split(" ")[1].startsWith(real)) {
                    still.add(l);
                }
            }
            if (!still.isEmpty()) {
                System.err.println("TentacleRoot: not deleting " + dir + ", still mounted: " + still);
                return;
            }
            CephLab.run(Duration.ofMinutes(2), List.of("rm", "-rf", "--one-file-system", "--", dir.toString()));
        } catch (IOException e) {
            System.err.println("TentacleRoot: cleaning " + dir + " failed: " + e.getMessage());
        }
    }
}
