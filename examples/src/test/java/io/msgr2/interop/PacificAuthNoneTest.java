package io.msgr2.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.examples.Cli;
import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.testkit.CephLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against real Ceph daemons (the distribution's Pacific 16.2 packages), auth none, crc
 * mode: our client with a mon (ping, command) in msgr2.1 and msgr2.0 framing, with an OSD
 * to READY, and a real {@code ceph} client against our server to READY.
 */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "none", mode = "crc", osd = true)
class PacificAuthNoneTest extends BothTransports {
    @Test
    void monPingPrintsJsonWithTheFsid(CephLab lab) {
        for (String framing : List.of("rev1", "rev0")) {
            List<String> args = new ArrayList<>(List.of("mon-ping", "--mon", "127.0.0.1:" + lab.monPort()));
            if (framing.equals("rev0")) {
                args.add("--rev0");
            }
            Cli.Result r = Cli.run(args);
            assertEquals(0, r.code(), framing + ": " + r.err());
            assertTrue(r.out().contains("\"fsid\": \"" + lab.fsid() + "\""), framing + ": " + r.out());
        }
    }

    @Test
    void monCommandStatusPrintsTheStatus(CephLab lab) {
        for (String framing : List.of("rev1", "rev0")) {
            List<String> args = new ArrayList<>(List.of("mon-command", "--mon", "127.0.0.1:" + lab.monPort()));
            if (framing.equals("rev0")) {
                args.add("--rev0");
            }
            args.add("{\"prefix\":\"status\",\"format\":\"json\"}");
            Cli.Result r = Cli.run(args);
            assertEquals(0, r.code(), framing + ": " + r.err());
            assertTrue(r.out().contains("\"fsid\":\"" + lab.fsid() + "\""), framing + ": " + r.out());
            assertTrue(r.out().contains("HEALTH_"), r.out());
        }
    }

    @Test
    void theFramingRevisionIsTheOneAskedFor(CephLab lab) throws Exception {
        for (boolean rev0 : List.of(false, true)) {
            EntityName me = new EntityName(EntityType.CLIENT, "admin");
            io.msgr2.io.ImmutableMessengerOptions.Builder b = MessengerOptions.builder().name(me).auth(AuthConfig.none(me, 0));
            if (rev0) {
                b.banner(new io.msgr2.spec.wire.Banner(0, 0));
            }
            try (Msgr2Messenger m = Msgr2Messenger.client(b.build(), new Msgr2Listener() {})) {
                Msgr2Connection c = m.connect(lab.monAddr(), EntityType.MON);
                c.awaitReady(Duration.ofSeconds(10));
                assertEquals(!rev0, c.snapshot().link().orElseThrow().rev1());
            }
        }
    }

    @Test
    void errorsAreOneLineAndNonZero(CephLab lab) {
        Cli.Result refused = Cli.run(List.of("mon-ping", "--mon", "127.0.0.1:1"));
        assertEquals(1, refused.code());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        Cli.Result unknown = Cli.run(List.of("mon-command", "--mon", "127.0.0.1:" + lab.monPort(),
                "{\"prefix\":\"no such command\"}"));
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("EINVAL"), unknown.err());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
    }

    @Test
    void javaClientReachesReadyWithAnOsd(CephLab lab) throws Exception {
        EntityAddrVec osd = parseAddrs(lab.osdAddr().orElseThrow());
        EntityName me = new EntityName(EntityType.CLIENT, "admin");
        try (Msgr2Messenger m = Msgr2Messenger.client(MessengerOptions.builder().name(me)
                .auth(AuthConfig.none(me, 0)).build(), new Msgr2Listener() {})) {
            Msgr2Connection c = m.connect(osd, EntityType.OSD);
            c.awaitReady(Duration.ofSeconds(10));
            assertEquals(StateKind.READY, c.state());
            assertEquals(EntityType.OSD, c.snapshot().session().peer().type());
            assertEquals(0, c.snapshot().session().peer().gid()); // osd.0
        }
    }

    @Test
    void cephClientReachesReadyAgainstOurServer() throws Exception {
        int port = 20000 + (int) (Math.random() * 9000);
        Path log = Files.createTempFile("ceph-client", ".log");
        Path served = Files.createTempFile("serve", ".out");
        Process serve = Cli.start(List.of("serve", "--port", Integer.toString(port), "--for", "30"), served);
        try {
            Thread.sleep(1500);
            Process ceph = new ProcessBuilder("ceph", "--conf", "/dev/null", "-m", "v2:127.0.0.1:" + port,
                    "--auth-client-required", "none", "--connect-timeout", "5", "--debug-ms", "1", "--log-file",
                    log.toString(), "-s").redirectErrorStream(true).start();
            ceph.getInputStream().readAllBytes();
            ceph.waitFor(30, TimeUnit.SECONDS);
            String clientLog = Files.readString(log);
            assertTrue(clientLog.lines().anyMatch(l -> l.contains(").ready entity=mon.0")), clientLog);
            String ours = Files.readString(served);
            assertTrue(ours.contains("READY: accepted client."), ours);
            assertTrue(ours.contains("the " + transport + " transport)"), ours); // serve ran on this suite's transport
        } finally {
            serve.destroyForcibly();
            Files.deleteIfExists(log);
            Files.deleteIfExists(served);
        }
    }

    @Test
    void roundTripsToTheFirstMessageCephsClientAndOursWithAndWithoutPipelining(CephLab lab) throws Exception {
        EntityName me = new EntityName(EntityType.CLIENT, "admin");
        RoundTrips.Count ceph = RoundTrips.ceph(lab, "none");
        RoundTrips.Count plain = RoundTrips.ours(lab, AuthConfig.none(me, 0), false);
        RoundTrips.Count piped = RoundTrips.ours(lab, AuthConfig.none(me, 0), true);
        System.err.println("round trips, auth none: ceph -s " + ceph + ", msgr2-java " + plain + ", pipelined " + piped);
        assertEquals(4, ceph.roundTrips(), "ceph -s");
        assertEquals(4, plain.roundTrips(), "ours");
        assertEquals(3, piped.roundTrips(), "ours, pipelined");
    }

    static EntityAddrVec parseAddrs(String s) {
        List<EntityAddr> out = new ArrayList<>();
        for (String one : s.split(",")) {
            String[] typeRest = one.split(":", 2);
            String[] hostPortNonce = typeRest[1].split("/");
            String[] hp = hostPortNonce[0].split(":");
            String[] ip = hp[0].split("\\.");
            out.add(new EntityAddr(typeRest[0].equals("v2") ? AddrType.MSGR2 : AddrType.LEGACY,
                    (int) Long.parseLong(hostPortNonce[1]), SockAddr.Inet4.of(Integer.parseInt(ip[0]),
                    Integer.parseInt(ip[1]), Integer.parseInt(ip[2]), Integer.parseInt(ip[3]), Integer.parseInt(hp[1]))));
        }
        return new EntityAddrVec(out);
    }
}
