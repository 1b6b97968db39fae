package io.msgr2.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.examples.Cli;
import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.AuthReplyMore;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.testkit.CephLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against Ceph 20.2 Tentacle (in its chroot) with its default aes256k keys: our CLI with a
 * mon in crc and secure mode and both framings, our client with the OSD in secure mode
 * through a service ticket and the authorizer with its challenge, a wrong aes256k key, and
 * a real Tentacle {@code ceph} client against our server with an aes256k keyring. Java
 * against Java (no Ceph daemon in it): our server set to aes256k only refuses our AES-128
 * client with -EACCES, the rule docs/facts/cephx-aes256k-facts.md gives for a Tentacle mon
 * whose {@code auth_allowed_ciphers} excludes aes.
 */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "cephx", mode = "both", osd = true, tentacle = true)
class TentacleAes256kTest extends BothTransports {
    static final EntityName ADMIN = new EntityName(EntityType.CLIENT, "admin");

    @Test
    void monPingAndCommandInCrcAndSecureModeBothFramings(CephLab lab) {
        assertTrue(lab.adminKey().startsWith("Ag"), "the lab's admin key is aes256k");
        for (String mode : List.of("crc", "secure")) {
            for (boolean rev0 : List.of(false, true)) {
                List<String> common = new ArrayList<>(List.of("--mon", "127.0.0.1:" + lab.monPort(), "--auth", "cephx",
                        "--mode", mode));
                common.addAll(rev0 ? List.of("--rev0", "--keyring", lab.keyring().toString())
                        : List.of("--key", lab.adminKey()));
                List<String> ping = new ArrayList<>(List.of("mon-ping"));
                ping.addAll(common);
                Cli.Result r = Cli.run(ping);
                assertEquals(0, r.code(), mode + " rev0=" + rev0 + ": " + r.err());
                assertTrue(r.out().contains(lab.fsid()), r.out());
                List<String> cmd = new ArrayList<>(List.of("mon-command"));
                cmd.addAll(common);
                cmd.add("{\"prefix\":\"status\",\"format\":\"json\"}");
                Cli.Result c = Cli.run(cmd);
                assertEquals(0, c.code(), mode + " rev0=" + rev0 + ": " + c.err());
                assertTrue(c.out().contains("\"fsid\":\"" + lab.fsid() + "\""), c.out());
            }
        }
    }

    @Test
    void javaClientReachesReadyWithTheTentacleOsdInSecureMode(CephLab lab) throws Exception {
        var osd = PacificAuthNoneTest.parseAddrs(lab.osdAddr().orElseThrow());
        AtomicBoolean challenged = new AtomicBoolean();
        try (Msgr2Messenger m = Msgr2Messenger.client(MessengerOptions.builder().name(ADMIN)
                .auth(CephxConfig.client(ADMIN, CryptoKey.fromBase64(lab.adminKey()).orElseThrow())
                        .withModes(List.of(ConnectionMode.SECURE)))
                .tracer(line -> {
                    if (line.contains("< AUTH_REPLY_MORE")) {
                        challenged.set(true);
                    }
                }).build(), new Msgr2Listener() {})) {
            m.connect(lab.monAddr(), EntityType.MON).awaitReady(Duration.ofSeconds(10));
            assertEquals(CryptoKey.TYPE_AES256K, m.tickets().get(EntityType.OSD).orElseThrow().sessionKey().type());
            challenged.set(false);
            Msgr2Connection c = m.connect(osd, EntityType.OSD);
            c.awaitReady(Duration.ofSeconds(10));
            assertEquals(StateKind.READY, c.state());
            assertEquals(ConnectionMode.SECURE, c.snapshot().link().orElseThrow().auth().orElseThrow().mode());
            assertTrue(challenged.get(), "the OSD challenged our authorizer");
        }
    }

    @Test
    void aWrongAes256kKeyIsAClearAuthenticationError(CephLab lab) {
        Cli.Result r = Cli.run(List.of("mon-ping", "--mon", "127.0.0.1:" + lab.monPort(), "--auth", "cephx", "--key",
                "AgCb8gZrxw3YGSAAs/JO6MkxryhJodutbMeCh/UR+wGjldGyzYrFUU6cfK8="));
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("authentication failed") && r.err().contains("permission denied"), r.err());
    }

    @Test
    void tentacleCephClientReachesReadyAgainstOurServerWithAnAes256kKeyring(CephLab lab) throws Exception {
        assertTrue(lab.root().isPresent(), "a Tentacle lab runs in its chroot");
        for (String mode : List.of("crc", "secure")) {
            int port = 20000 + (int) (Math.random() * 9000);
            Path log = lab.dir().resolve("client-" + mode + ".log");
            Path served = Files.createTempFile("serve", ".out");
            Process serve = Cli.start(List.of("serve", "--port", Integer.toString(port), "--auth", "cephx", "--keyring",
                    lab.keyring().toString(), "--mode", mode, "--allowed-ciphers", "aes256k", "--for", "40"), served);
            try {
                Thread.sleep(1500);
                Process ceph = new ProcessBuilder(lab.command(List.of("ceph", "--conf", "/dev/null", "-m",
                        "v2:127.0.0.1:" + port, "--keyring", lab.inner(lab.keyring()), "--auth-client-required", "cephx",
                        "--ms-mon-client-mode", mode, "--connect-timeout", "5", "--debug-ms", "1", "--log-file",
                        lab.inner(log), "-s"))).redirectErrorStream(true).start();
                ceph.getInputStream().readAllBytes();
                ceph.waitFor(30, TimeUnit.SECONDS);
                String clientLog = Files.readString(log);
                assertTrue(clientLog.lines().anyMatch(l -> l.contains(" " + mode + " :") && l.contains(").ready entity=mon.0")),
                        mode + ": " + clientLog);
                String ours = Files.readString(served);
                assertTrue(ours.contains("READY: accepted client.") && ours.contains("(conn#1, " + mode + ", msgr2.1)"),
                        mode + ": " + ours);
            assertTrue(ours.contains("the " + transport + " transport)"), ours); // serve ran on this suite's transport
            } finally {
                serve.destroyForcibly();
                Files.deleteIfExists(served);
            }
        }
    }

    @Test
    void ourServerAllowingOnlyAes256kRefusesAnAes128Client(CephLab lab) throws Exception {
        Path keyring = Files.createTempFile("both", ".keyring");
        Files.writeString(keyring, "[client.admin]\n\tkey = " + CephLab.ADMIN_KEY + "\n\tcaps mon = \"allow *\"\n");
        int port = 20000 + (int) (Math.random() * 9000);
        Path served = Files.createTempFile("serve", ".out");
        Process serve = Cli.start(List.of("serve", "--port", Integer.toString(port), "--auth", "cephx", "--keyring",
                keyring.toString(), "--allowed-ciphers", "aes256k", "--for", "20"), served);
        try {
            Thread.sleep(1500);
            Cli.Result r = Cli.run(List.of("mon-ping", "--mon", "127.0.0.1:" + port, "--auth", "cephx", "--key",
                    CephLab.ADMIN_KEY));
            assertNotEquals(0, r.code());
            assertTrue(r.err().contains("permission denied (-13"), r.err());
        } finally {
            serve.destroyForcibly();
            Files.deleteIfExists(keyring);
            Files.deleteIfExists(served);
        }
    }
}
