package io.msgr2.interop;

import io.msgr2.conform.probe.Credentials;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.AuthMethods;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.KeyServer;
import io.msgr2.spec.auth.cephx.Keyring;
import io.msgr2.spec.conn.Compression;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.UTime;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.conform.probe.Probe;
import io.msgr2.conform.probe.ServerScenarios;
import io.msgr2.conform.probe.Verdict;
import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.io.Stacks;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.testkit.CephLab;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code probe server}'s scenarios are calibrated on real Ceph: every one passes against a
 * Pacific mon and OSD (cephx, crc and secure allowed; the auth none mode rule skips there, as
 * it says, and passes against an auth none Pacific mon, see {@link PacificAuthNoneProbeTest}),
 * and against our own server on both network stacks.
 */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "cephx", mode = "both", osd = true)
class ProbeServerTest {

    /** Nothing fails; at most {@code skips} scenarios skip (a cephx-only server cannot show the auth none rules). */
    static void assertAllPass(Probe.Report r, String what, int skips) {
        String lines = String.join("\n", r.results().stream().map(Probe.Result::line).toList());
        System.out.println("probe server, " + what + ": " + r.summary());
        assertEquals(0, r.count(Verdict.FAIL), what + ":\n" + lines);
        assertTrue(r.count(Verdict.SKIP) <= skips, what + ":\n" + lines);
        assertEquals(r.results().size(), r.count(Verdict.PASS) + r.count(Verdict.SKIP), what + ":\n" + lines);
        assertTrue(r.results().size() >= 44, lines);
    }

    /**
     * As client.admin with the lab's key (tickets for the OSD from the mon): only the auth none
     * mode rule and the two compression rules (Pacific has no on-wire compression) skip.
     */
    @Test
    void everyServerScenarioPassesAgainstAPacificMonAndOsd(CephLab lab) {
        probeMonAndOsd(lab, "Pacific", 9); // + the 4 lossless reconnects (osd.N only), on the OSD the wrong key (a mon's rule)
    }

    /**
     * {@code probe client} against Pacific's ceph CLI (auth none: 12 skip, the session scenarios,
     * secure mode and compression; cephx: 10) and our mon-ping (8: the sessions).
     */
    @Test
    void everyClientScenarioPassesAgainstPacificsCephCliAndOurs(CephLab lab) throws Exception {
        ProbeClientRuns.cephCli(lab, "Pacific", 12, 10);
        ProbeClientRuns.ours(lab);
    }

    /**
     * The OSD's cluster address as osd.9 (a key made for it; tickets from the mon): a lossless
     * session, so the reconnect scenarios (RETRY_GLOBAL, RETRY) run; only no-common-mode and,
     * before Quincy, the compression ones skip.
     */
    @Test
    void everyServerScenarioPassesAgainstPacificsOsdClusterAddress(CephLab lab) throws Exception {
        probeOsdClusterAddress(lab, "Pacific", 5);
    }

    static void probeOsdClusterAddress(CephLab lab, String release, int skips) throws Exception {
        String keyring = lab.ceph("auth", "get-or-create", "osd.9", "mon", "allow profile osd", "osd", "allow *",
                "mgr", "allow profile osd");
        java.util.regex.Matcher k = java.util.regex.Pattern.compile("key = (\\S+)").matcher(keyring);
        assertTrue(k.find(), keyring);
        Credentials osd9 = new Credentials(new EntityName(EntityType.OSD, "9"), CryptoKey.fromBase64(k.group(1)),
                Optional.of(lab.monAddr()));
        LosslessSessions.Cluster cl = LosslessSessions.cluster(lab.osdDump());
        Probe.Report r = Probe.run(ServerScenarios.all(osd9, cl.nonce()), cl.addr(), Duration.ofSeconds(2), "");
        assertAllPass(r, release + " OSD cluster address " + cl.addr() + "/" + cl.nonce() + " as osd.9", skips);
        assertTrue(r.results().stream().filter(x -> x.scenario().name().contains("reconnect-"))
                .allMatch(x -> x.outcome().verdict() == Verdict.PASS), "the lossless reconnect scenarios ran");
    }

    /** The lab's mon and OSD, as client.admin with its key; at most {@code skips} skips each. */
    static void probeMonAndOsd(CephLab lab, String release, int skips) {
        System.out.println("probe server against " + CephLab.version(lab.root()));
        Credentials admin = new Credentials(new EntityName(EntityType.CLIENT, "admin"),
                CryptoKey.fromBase64(lab.adminKey()), Optional.of(lab.monAddr()));
        assertAllPass(Probe.run(ServerScenarios.all(admin, 0), lab.monAddr(), Duration.ofSeconds(2), ""),
                release + " mon", skips);
        String osd = lab.osdAddr().orElseThrow(); // v2:127.0.0.1:6800/NONCE
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("v2:([0-9.]+):(\\d+)/(\\d+)").matcher(osd);
        assertTrue(m.find(), osd);
        assertAllPass(Probe.run(ServerScenarios.all(admin, Integer.parseUnsignedInt(m.group(3))),
                new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))), Duration.ofSeconds(2), ""),
                release + " OSD " + osd, skips);
    }

    /**
     * Our mon-role server allowing cephx (with client.admin's key) and auth none, crc and
     * secure, advertising compression: every scenario passes on both stacks but the 4 lossless
     * reconnects, which need an OSD-like lossless server and skip here.
     */
    @Test
    void everyServerScenarioPassesAgainstOurServerOnBothStacks() throws Exception {
        EntityName mon = new EntityName(EntityType.MON, "a");
        EntityName admin = new EntityName(EntityType.CLIENT, "admin");
        byte[] seed = new byte[32];
        new java.security.SecureRandom().nextBytes(seed);
        UTime now = new UTime((int) (System.currentTimeMillis() / 1000), 0);
        CryptoKey.Made key = CryptoKey.random(Entropy.drbg(Bytes.wrap(seed)), now);
        KeyServer ks = KeyServer.create(Keyring.of(admin, key.key(), Map.of("mon", "allow *")), key.entropy(), now)
                .keyServer();
        AuthConfig auth = AuthMethods.of(List.of(CephxConfig.mon(mon, ks).withServerModes(CephxConfig.CRC_SECURE),
                AuthConfig.none(mon, 0)));
        for (String stack : List.of("netty", "blocking")) {
            try (Msgr2Messenger server = Msgr2Messenger.server(MessengerOptions.builder().name(mon).gid(0)
                    .auth(auth).compression(Compression.DECLINE).defaultPolicy(Policy.STATELESS_SERVER)
                    .stack(Stacks.named(stack)).build(), new InetSocketAddress("127.0.0.1", 0), new Msgr2Listener() {})) {
                assertAllPass(Probe.run(ServerScenarios.all(new Credentials(admin, Optional.of(key.key())), 0),
                        new InetSocketAddress("127.0.0.1", server.port()), Duration.ofSeconds(2), ""),
                        "our server on " + stack, 4); // the lossless reconnects need an OSD
            }
        }
    }
}
