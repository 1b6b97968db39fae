package io.msgr2.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.conform.probe.ClientScenarios;
import io.msgr2.conform.probe.Probe;
import io.msgr2.conform.probe.Verdict;
import io.msgr2.examples.Main;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.cephx.KeyServer;
import io.msgr2.spec.auth.cephx.Keyring;
import io.msgr2.spec.wire.UTime;
import io.msgr2.testkit.CephLab;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code probe client} against real clients: the {@code ceph} CLI of a lab's release (auth
 * none, then cephx with the lab's keyring) and our own {@code mon-ping}. They are lossy mon
 * clients, so the session scenarios skip; nothing else may fail or skip beyond what the line
 * says (compression before Quincy).
 */
final class ProbeClientRuns {
    private ProbeClientRuns() {}

    static Probe.Report run(String command, ClientScenarios.ServerAuth auth, String what, int maxSkips) {
        return run(command, auth, false, what, maxSkips);
    }

    static Probe.Report run(String command, ClientScenarios.ServerAuth auth, boolean lossless, String what,
                            int maxSkips) {
        Probe.Report r = Probe.run(ClientScenarios.all(command, auth, lossless),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(8), "", 2);
        String lines = String.join("\n", r.results().stream().map(Probe.Result::line).toList());
        System.out.println("probe client, " + what + ": " + r.summary());
        assertEquals(0, r.count(Verdict.FAIL), what + ":\n" + lines);
        assertTrue(r.count(Verdict.SKIP) <= maxSkips, what + ":\n" + lines);
        assertTrue(r.results().size() >= 20, lines);
        return r;
    }

    /** The mon the probe plays knows the lab's entities (its keyring). */
    static ClientScenarios.ServerAuth cephx(CephLab lab) throws IOException {
        Keyring k = Keyring.parse(Files.readString(lab.keyring())).getOrElseThrow(e -> new IllegalStateException(e));
        UTime now = new UTime((int) (System.currentTimeMillis() / 1000), 0);
        return new ClientScenarios.ServerAuth(Optional.of(KeyServer.create(k, Entropy.seeded(System.nanoTime()), now)
                .keyServer()));
    }

    /** The real ceph CLI of the lab (inside its chroot for Tentacle), auth none then cephx. */
    static void cephCli(CephLab lab, String release, int skipsNone, int skipsCephx) throws IOException {
        String ceph = String.join(" ", lab.command(List.of("ceph", "-c", "/dev/null", "--connect-timeout", "5")));
        run(ceph + " -m {addr} --auth-client-required none -s", ClientScenarios.ServerAuth.NONE,
                release + " ceph CLI, auth none", skipsNone);
        run(ceph + " -m {addr} -n client.admin -k " + lab.inner(lab.keyring()) + " -s", cephx(lab),
                release + " ceph CLI, cephx", skipsCephx);
    }

    /**
     * Our mon-ping, cephx with the lab's admin key, secure preferred, compression offered: only
     * the sessions skip; then our client with a lossless session (LosslessClientMain): none skips.
     */
    static void ours(CephLab lab) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cmd = java + " --enable-native-access=ALL-UNNAMED -Dsun.misc.unsafe.memory.access=allow -cp "
                + System.getProperty("java.class.path") + " " + Main.class.getName()
                + " mon-ping -m {addr} --key " + lab.adminKey() + " --mode secure,crc --compress snappy --timeout 6";
        run(cmd, cephx(lab), "our mon-ping", 8);
        // and our client with a lossless session: nothing skips
        String lossless = java + " --enable-native-access=ALL-UNNAMED -Dsun.misc.unsafe.memory.access=allow -cp "
                + System.getProperty("java.class.path") + " " + LosslessClientMain.class.getName() + " {addr} "
                + lab.adminKey();
        run(lossless, cephx(lab), true, "our lossless client", 0);
    }

}
