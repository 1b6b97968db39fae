package io.msgr2.interop;

import io.msgr2.testkit.CephLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code probe server} against a Tentacle 20.2 mon and OSD (aes256k keys, the COMPRESSION bit
 * in their banners): the compression scenarios run here; only the auth none mode rule skips
 * (the lab refuses auth none).
 */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "cephx", mode = "both", osd = true, tentacle = true)
class TentacleProbeServerTest {
    @Test
    void everyServerScenarioPassesAgainstATentacleMonAndOsd(CephLab lab) {
        ProbeServerTest.probeMonAndOsd(lab, "Tentacle", 1);
    }
}
