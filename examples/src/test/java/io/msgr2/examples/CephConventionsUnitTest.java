package io.msgr2.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ceph.conf, mon_host and the ceph CLI's command words, as the CLI reads them; and its usage errors. */
class CephConventionsUnitTest {

    @Test
    void aCephConfIsReadAsCephReadsIt(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("ceph.conf"), """
                [global]
                fsid = 1234
                mon host = [v2:127.0.0.1:3300,v1:127.0.0.1:6789]  # the mons
                auth_client_required = cephx, none
                ; a comment
                [client]
                keyring = /etc/ceph/$cluster.$name.keyring
                ms-mon-client-mode = "secure crc"
                [client.admin]
                keyring = /tmp/admin.keyring
                [global]
                debug ms = 1
                """);
        CephConf c = CephConf.read(f);
        assertEquals(Optional.of("[v2:127.0.0.1:3300,v1:127.0.0.1:6789]"), c.get("mon_host", "client.admin"));
        assertEquals(Optional.of("cephx, none"), c.get("auth client required", "client.admin"));
        assertEquals(Optional.of("/tmp/admin.keyring"), c.get("keyring", "client.admin"));
        assertEquals(Optional.of("/etc/ceph/ceph.client.bob.keyring"), c.get("keyring", "client.bob"));
        assertEquals(Optional.of("secure crc"), c.get("ms_mon_client_mode", "client.bob"));
        assertEquals(Optional.of("1"), c.get("debug_ms", "osd.0"));
        assertEquals(List.of(Path.of("/etc/ceph/ceph.client.bob.keyring")), c.keyrings("client.bob"));
    }

    @Test
    void monHostInAllItsForms() {
        assertEquals(3300, ClientOptions.hostPort("127.0.0.1:3300").getPort());
        assertEquals(3301, ClientOptions.hostPort("v2:127.0.0.1:3301").getPort());
        assertEquals(3302, ClientOptions.hostPort("[v2:127.0.0.1:3302/0,v1:127.0.0.1:6789/0]").getPort());
        assertEquals(3303, ClientOptions.hostPort("v1:127.0.0.1:6789,v2:127.0.0.1:3303").getPort());
        assertEquals(3304, ClientOptions.hostPort("[v2:127.0.0.1:3304,v1:127.0.0.1:6789] [v2:127.0.0.1:3305]")
                .getPort());
        assertEquals(3300, ClientOptions.hostPort("localhost").getPort());
        assertEquals(3306, ClientOptions.hostPort("[::1]:3306").getPort());
        assertEquals(3307, ClientOptions.hostPort("[v2:[::1]:3307,v1:[::1]:6789]").getPort());
        assertTrue(assertThrows(UsageException.class, () -> ClientOptions.hostPort("v1:127.0.0.1:6789")).getMessage()
                .contains("msgr1"));
        assertTrue(assertThrows(UsageException.class, () -> ClientOptions.hostPort("127.0.0.1:99999")).getMessage()
                .contains("between 1 and 65535"));
        assertTrue(assertThrows(UsageException.class, () -> ClientOptions.hostPort("no-such-host.invalid:3300"))
                .getMessage().contains("does not resolve"));
    }

    @Test
    void commandWordsBecomeAPrefix() {
        assertEquals("{\"prefix\": \"status\"}", MonCommandCommand.json(List.of("status")));
        assertEquals("{\"prefix\": \"osd tree\"}", MonCommandCommand.json(List.of("osd", "tree")));
        assertEquals("{\"prefix\":\"health\"}", MonCommandCommand.json(List.of("{\"prefix\":\"health\"}")));
    }

    @Test
    void cephArgsGoBeforeTheGivenOptions() {
        assertEquals(List.of("mon-ping", "--id", "bob", "--mon", "x"),
                Main.withCephArgs(List.of("mon-ping", "--mon", "x"), " --id bob "));
        assertEquals(List.of("dump", "--pcap", "f"), Main.withCephArgs(List.of("dump", "--pcap", "f"), "--id bob"));
    }

    /** Bad usage: exit 2 and one sentence naming the option, never an exception's name. */
    @Test
    void badUsageIsOneSentenceAndExitTwo() {
        for (List<String> argv : List.of(List.of("mon-ping", "--mon", "127.0.0.1:3300", "--timeout", "abc"),
                List.of("mon-ping", "--mon", "127.0.0.1:99999"), List.of("serve", "--port", "70000"),
                List.of("demo", "--messages", "abc"), List.of("bench", "--sizes", "abc"),
                List.of("serve", "--port", "7000", "--auth", "none", "--mode", "secure"),
                List.of("mon-ping", "--mon", "127.0.0.1:3300", "--timeout", "-1"), List.of("frobnicate"),
                List.of("mon-ping", "--mon", "127.0.0.1:3300", "--auth", "none", "--key",
                        "AQB4OwZrfXF/CRAAG225U7LQq2CSKk+8XT48Cg=="))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = Main.run(argv, new Main.Io(new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
            String e = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(2, rc, argv + ": " + e);
            assertEquals(1, e.lines().count(), argv + ": " + e);
            assertTrue(!e.matches(".*\\b[A-Z][A-Za-z]+(Exception|Error)\\b.*"), argv + ": " + e);
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : List.of("demo", "serve", "mon-ping", "mon-command", "dump", "conform", "simulate", "explore",
                "bench")) {
            for (String h : List.of("--help", "-h")) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int rc = Main.run(List.of(c, h), new Main.Io(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream())));
                assertEquals(0, rc, c + " " + h);
                assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: msgr2 " + c), c);
            }
        }
    }
}
