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
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.testkit.CephLab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Pacific lab that allows only secure mode (every {@code ms_*_mode = secure}): our client
 * with Ceph's default preference (secure first toward mons, crc first toward services)
 * still gets secure everywhere, in both framings; a client that offers only crc is refused
 * with a clear error.
 */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "cephx", mode = "secure", osd = true)
class PacificSecureOnlyTest extends BothTransports {
    static final EntityName ADMIN = new EntityName(EntityType.CLIENT, "admin");

    @Test
    void monPingAndCommandInSecureModeBothFramings(CephLab lab) {
        for (List<String> extra : List.of(List.<String>of(), List.of("--rev0"), List.of("--mode", "crc,secure"))) {
            List<String> args = new ArrayList<>(List.of("mon-ping", "--mon", "127.0.0.1:" + lab.monPort(), "--auth",
                    "cephx", "--key", CephLab.ADMIN_KEY, "--mode", "secure"));
            if (extra.contains("--mode")) {
                args = new ArrayList<>(List.of("mon-ping", "--mon", "127.0.0.1:" + lab.monPort(), "--auth", "cephx",
                        "--key", CephLab.ADMIN_KEY));
            }
            args.addAll(extra);
            Cli.Result r = Cli.run(args);
            assertEquals(0, r.code(), extra + ": " + r.err());
            assertTrue(r.out().contains("\"fsid\": \"" + lab.fsid() + "\""), r.out());
            List<String> cmd = new ArrayList<>(args);
            cmd.set(0, "mon-command");
            cmd.add("{\"prefix\":\"status\",\"format\":\"json\"}");
            Cli.Result c = Cli.run(cmd);
            assertEquals(0, c.code(), extra + ": " + c.err());
            assertTrue(c.out().contains("\"fsid\":\"" + lab.fsid() + "\""), c.out());
        }
    }

    @Test
    void crcOnlyIsRefusedClearly(CephLab lab) {
        Cli.Result r = Cli.run(List.of("mon-ping", "--mon", "127.0.0.1:" + lab.monPort(), "--auth", "cephx", "--key",
                CephLab.ADMIN_KEY, "--mode", "crc"));
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("no common connection mode"), r.err());
    }

    @Test
    void osdInSecureModeWithCephsDefaultPreferences(CephLab lab) throws Exception {
        var osd = PacificAuthNoneTest.parseAddrs(lab.osdAddr().orElseThrow());
        for (boolean rev0 : List.of(false, true)) {
            var b = MessengerOptions.builder().name(ADMIN)
                    .auth(CephxConfig.client(ADMIN, CryptoKey.fromBase64(CephLab.ADMIN_KEY).orElseThrow()));
            if (rev0) {
                b.banner(new Banner(0, 0));
            }
            try (Msgr2Messenger m = Msgr2Messenger.client(b.build(), new Msgr2Listener() {})) {
                m.connect(lab.monAddr(), EntityType.MON).awaitReady(Duration.ofSeconds(10));
                Msgr2Connection c = m.connect(osd, EntityType.OSD);
                c.awaitReady(Duration.ofSeconds(10));
                assertEquals(StateKind.READY, c.state());
                var link = c.snapshot().link().orElseThrow();
                assertEquals(ConnectionMode.SECURE, link.auth().orElseThrow().mode());
                assertEquals(!rev0, link.rev1());
            }
        }
    }
}
