package io.msgr2.interop;

import io.msgr2.conform.probe.Probe;
import io.msgr2.conform.probe.ServerScenarios;
import io.msgr2.testkit.CephLab;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every {@code probe server} scenario passes against a Pacific mon that allows auth none; only
 * those that need a session key (secure mode: the bad GCM tag) or on-wire compression (Quincy+)
 * skip, the four lossless reconnects (they need an OSD's cluster address as osd.N) and the two
 * wrong cephx keys (the mon does not allow cephx): ten.
 */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "none", mode = "crc")
class PacificAuthNoneProbeTest {
    @Test
    void everyServerScenarioPasses(CephLab lab) {
        ProbeServerTest.assertAllPass(Probe.run(ServerScenarios.all(), lab.monAddr(), Duration.ofSeconds(2), ""),
                "Pacific mon (auth none)", 10);
    }
}
