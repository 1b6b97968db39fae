package io.msgr2.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.examples.Cli;
import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.conn.StateKind;
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
 * Against Ceph 20.2 Tentacle set to allow legacy keys ({@code ceph-lab --key AQ...}): the same
 * as with aes256k, with an AES-128 key (the OSD's key is AES-128 too, its rotating secrets
 * aes256k).
 */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "cephx", mode = "both", osd = true, tentacle = true, key = CephLab.ADMIN_KEY)
class TentacleLegacyAesTest extends BothTransports {
    static final EntityName ADMIN = new EntityName(EntityType.CLIENT, "admin");

    @Test
    void monPingAndCommandInCrcAndSecureMode(CephLab lab) {
        for (String mode : List.of("crc", "secure")) {
            List<String> common = new ArrayList<>(List.of("--mon", "127.0.0.1:" + lab.monPort(), "--auth", "cephx",
                    "--mode", mode, "--key", CephLab.ADMIN_KEY));
            List<String> ping = new ArrayList<>(List.of("mon-ping"));
            ping.addAll(common);
            Cli.Result r = Cli.run(ping);
            assertEquals(0, r.code(), mode + ": " + r.err());
            List<String> cmd = new ArrayList<>(List.of("mon-command"));
            cmd.addAll(common);
            cmd.add("{\"prefix\":\"status\",\"format\":\"json\"}");
            Cli.Result c = Cli.run(cmd);
            assertEquals(0, c.code(), mode + ": " + c.err());
            assertTrue(c.out().contains("\"fsid\":\"" + lab.fsid() + "\""), c.out());
        }
    }

    @Test
    void javaClientReachesReadyWithTheOsdInSecureMode(CephLab lab) throws Exception {
        var osd = PacificAuthNoneTest.parseAddrs(lab.osdAddr().orElseThrow());
        try (Msgr2Messenger m = Msgr2Messenger.client(MessengerOptions.builder().name(ADMIN)
                .auth(CephxConfig.client(ADMIN, CryptoKey.fromBase64(CephLab.ADMIN_KEY).orElseThrow())
                        .withModes(List.of(ConnectionMode.SECURE))).build(), new Msgr2Listener() {})) {
            m.connect(lab.monAddr(), EntityType.MON).awaitReady(Duration.ofSeconds(10));
            assertEquals(CryptoKey.TYPE_AES, m.tickets().get(EntityType.OSD).orElseThrow().sessionKey().type());
            Msgr2Connection c = m.connect(osd, EntityType.OSD);
            c.awaitReady(Duration.ofSeconds(10));
            assertEquals(StateKind.READY, c.state());
            assertEquals(ConnectionMode.SECURE, c.snapshot().link().orElseThrow().auth().orElseThrow().mode());
        }
    }
}
