package io.msgr2.interop;

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
        assertEquals(0, r.count(Verdict.FAIL), what + ":\n" + lines);
        assertTrue(r.count(Verdict.SKIP) <= skips, what + ":\n" + lines);
        assertEquals(r.results().size(), r.count(Verdict.PASS) + r.count(Verdict.SKIP), what + ":\n" + lines);
        assertTrue(r.results().size() >= 18, lines);
    }

    @Test
    void everyServerScenarioPassesAgainstAPacificMonAndOsd(CephLab lab) {
        assertAllPass(Probe.run(ServerScenarios.all(), lab.monAddr(), Duration.ofSeconds(2), ""), "Pacific mon", 3);
        String osd = lab.osdAddr().orElseThrow(); // v2:127.0.0.1:6800/NONCE
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("v2:([0-9.]+):(\\d+)").matcher(osd);
        assertTrue(m.find(), osd);
        assertAllPass(Probe.run(ServerScenarios.all(), new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))),
                Duration.ofSeconds(2), ""), "Pacific OSD " + osd, 3);
    }

    @Test
    void everyServerScenarioPassesAgainstOurServerOnBothStacks() throws Exception {
        EntityName mon = new EntityName(EntityType.MON, "a");
        for (String stack : List.of("netty", "blocking")) {
            try (Msgr2Messenger server = Msgr2Messenger.server(MessengerOptions.builder().name(mon).gid(0)
                    .auth(AuthConfig.none(mon, 0)).defaultPolicy(Policy.STATELESS_SERVER).stack(Stacks.named(stack))
                    .build(), new InetSocketAddress("127.0.0.1", 0), new Msgr2Listener() {})) {
                assertAllPass(Probe.run(ServerScenarios.all(), new InetSocketAddress("127.0.0.1", server.port()),
                        Duration.ofSeconds(2), ""), "our server on " + stack, 0);
            }
        }
    }
}
