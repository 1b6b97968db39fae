package io.msgr2.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.examples.Cli;
import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.MAuth;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.TicketRequests;
import io.msgr2.spec.auth.cephx.Tickets;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.spec.wire.UTime;
import io.msgr2.testkit.CephLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against real Pacific 16.2 daemons with cephx, the lab allowing crc and secure: our CLI
 * with a mon in both modes and both framings, our client with an OSD through a service
 * ticket and the authorizer, service tickets fetched over MAuth, a wrong key, and a real
 * {@code ceph} client authenticating to our mon-role server in both modes.
 */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "cephx", mode = "both", osd = true)
class PacificCephxTest extends BothTransports {
    static final EntityName ADMIN = new EntityName(EntityType.CLIENT, "admin");
    static final CryptoKey KEY = CryptoKey.fromBase64(CephLab.ADMIN_KEY).orElseThrow();

    @Test
    void monPingAndCommandInEveryModeAndFraming(CephLab lab) {
        for (String mode : List.of("crc", "secure")) {
            for (boolean rev0 : List.of(false, true)) {
                String what = mode + (rev0 ? " msgr2.0" : " msgr2.1");
                List<String> common = new ArrayList<>(List.of("--mon", "127.0.0.1:" + lab.monPort(), "--auth", "cephx",
                        "--mode", mode));
                common.addAll(rev0 ? List.of("--rev0", "--keyring", lab.keyring().toString())
                        : List.of("--key", CephLab.ADMIN_KEY));
                List<String> ping = new ArrayList<>(List.of("mon-ping"));
                ping.addAll(common);
                Cli.Result r = Cli.run(ping);
                assertEquals(0, r.code(), what + ": " + r.err());
                assertTrue(r.out().contains("\"fsid\": \"" + lab.fsid() + "\""), what + ": " + r.out());
                List<String> cmd = new ArrayList<>(List.of("mon-command"));
                cmd.addAll(common);
                cmd.add("{\"prefix\":\"status\",\"format\":\"json\"}");
                Cli.Result c = Cli.run(cmd);
                assertEquals(0, c.code(), what + ": " + c.err());
                assertTrue(c.out().contains("\"fsid\":\"" + lab.fsid() + "\""), what + ": " + c.out());
            }
        }
    }

    @Test
    void theModeAndFramingAreTheOnesAskedFor(CephLab lab) throws Exception {
        for (ConnectionMode mode : List.of(ConnectionMode.CRC, ConnectionMode.SECURE)) {
            for (boolean rev0 : List.of(false, true)) {
                io.msgr2.io.ImmutableMessengerOptions.Builder b = MessengerOptions.builder().name(ADMIN)
                        .auth(CephxConfig.client(ADMIN, KEY).withModes(List.of(mode)));
                if (rev0) {
                    b.banner(new Banner(0, 0));
                }
                try (Msgr2Messenger m = Msgr2Messenger.client(b.build(), new Msgr2Listener() {})) {
                    Msgr2Connection c = m.connect(lab.monAddr(), EntityType.MON);
                    c.awaitReady(Duration.ofSeconds(10));
                    var link = c.snapshot().link().orElseThrow();
                    assertEquals(mode, link.auth().orElseThrow().mode());
                    assertEquals(!rev0, link.rev1());
                    assertTrue(m.tickets().get(EntityType.OSD).isPresent(), "an osd ticket came with AUTH_DONE");
                }
            }
        }
    }

    @Test
    void javaClientReachesReadyWithAnOsdInSecureModeWithATicket(CephLab lab) throws Exception {
        var osd = PacificAuthNoneTest.parseAddrs(lab.osdAddr().orElseThrow());
        try (Msgr2Messenger m = Msgr2Messenger.client(MessengerOptions.builder().name(ADMIN)
                .auth(CephxConfig.client(ADMIN, KEY).withModes(List.of(ConnectionMode.SECURE))).build(),
                new Msgr2Listener() {})) {
            m.connect(lab.monAddr(), EntityType.MON).awaitReady(Duration.ofSeconds(10));
            Msgr2Connection c = m.connect(osd, EntityType.OSD);
            c.awaitReady(Duration.ofSeconds(10));
            assertEquals(StateKind.READY, c.state());
            assertEquals(ConnectionMode.SECURE, c.snapshot().link().orElseThrow().auth().orElseThrow().mode());
            assertEquals(m.tickets().globalId(), c.snapshot().link().orElseThrow().auth().orElseThrow().globalId());
        }
    }

    @Test
    void serviceTicketsOverMAuthGetPrincipalSessionKey(CephLab lab) throws Exception {
        var osd = PacificAuthNoneTest.parseAddrs(lab.osdAddr().orElseThrow());
        LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        CephxConfig authOnly = CephxConfig.client(ADMIN, KEY).withWant(EntityType.AUTH.value());
        try (Msgr2Messenger m = Msgr2Messenger.client(MessengerOptions.builder().name(ADMIN).auth(authOnly).build(),
                new Msgr2Listener() {
                    @Override
                    public void onMessage(Msgr2Connection c, Message msg) {
                        inbox.add(msg);
                    }
                })) {
            Msgr2Connection mon = m.connect(lab.monAddr(), EntityType.MON);
            mon.awaitReady(Duration.ofSeconds(10));
            assertTrue(m.tickets().get(EntityType.OSD).isEmpty(), "asked for the AUTH ticket only");
            var req = TicketRequests.principal(m.tickets(), EntityType.OSD.value() | EntityType.MGR.value(),
                    Entropy.seeded(System.nanoTime())).get();
            mon.send(new Message(MsgHeader2.of(MAuth.TYPE, MsgHeader2.PRIO_DEFAULT, 1, 0),
                    new MAuth.Request(2, req.payload(), 0).front(), Bytes.EMPTY, Bytes.EMPTY));
            Message reply = null;
            for (int i = 0; i < 100 && reply == null; i++) {
                Message got = inbox.poll(100, TimeUnit.MILLISECONDS);
                reply = got != null && got.header().type() == MAuth.REPLY_TYPE ? got : null;
            }
            assertTrue(reply != null, "no MAuthReply");
            MAuth.Reply r = MAuth.Reply.decode(reply.front()).get();
            assertEquals(0, r.result(), r.resultMsg());
            Tickets t = TicketRequests.principalReply(r.resultBl(), m.tickets(), new UTime(0, 0)).get();
            assertTrue(t.get(EntityType.OSD).isPresent());
            assertTrue(t.get(EntityType.MGR).isPresent());
            m.tickets(old -> t);
            Msgr2Connection c = m.connect(osd, EntityType.OSD);
            c.awaitReady(Duration.ofSeconds(10));
            assertEquals(StateKind.READY, c.state());
        }
    }

    @Test
    void roundTripsToTheFirstMessageCephsClientAndOursWithAndWithoutPipelining(CephLab lab) throws Exception {
        CephxConfig crc = CephxConfig.client(ADMIN, KEY).withModes(List.of(ConnectionMode.CRC));
        RoundTrips.Count ceph = RoundTrips.ceph(lab, "cephx");
        RoundTrips.Count plain = RoundTrips.ours(lab, crc, false);
        RoundTrips.Count piped = RoundTrips.ours(lab, crc, true);
        System.err.println("round trips, cephx: ceph -s " + ceph + ", msgr2-java " + plain + ", pipelined " + piped);
        assertEquals(5, ceph.roundTrips(), "ceph -s");
        assertEquals(5, plain.roundTrips(), "ours");
        assertEquals(4, piped.roundTrips(), "ours, pipelined");
    }

    @Test
    void aWrongKeyIsAClearAuthenticationError(CephLab lab) {
        Cli.Result r = Cli.run(List.of("mon-ping", "--mon", "127.0.0.1:" + lab.monPort(), "--auth", "cephx", "--key",
                "AQDSOwZr1lyWERAA1BhKh5UbupWcLqu0jGdFWw=="));
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("authentication failed") && r.err().contains("permission denied"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void cephClientAuthenticatesToOurMonInCrcAndSecureMode(CephLab lab) throws Exception {
        for (String mode : List.of("crc", "secure")) {
            int port = 20000 + (int) (Math.random() * 9000);
            Path log = Files.createTempFile("ceph-client", ".log");
            Path served = Files.createTempFile("serve", ".out");
            Process serve = Cli.start(List.of("serve", "--port", Integer.toString(port), "--auth", "cephx", "--keyring",
                    lab.keyring().toString(), "--mode", mode, "--for", "30"), served);
            try {
                Thread.sleep(1500);
                Process ceph = new ProcessBuilder("ceph", "--conf", "/dev/null", "-m", "v2:127.0.0.1:" + port,
                        "--keyring", lab.keyring().toString(), "--auth-client-required", "cephx",
                        "--ms-mon-client-mode", mode, "--connect-timeout", "5", "--debug-ms", "1", "--log-file",
                        log.toString(), "-s").redirectErrorStream(true).start();
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
                Files.deleteIfExists(log);
                Files.deleteIfExists(served);
            }
        }
    }
}
