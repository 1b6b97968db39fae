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
    void everyServerScenarioPassesAgainstATentacleMonAndOsd(CephLab lab) throws Exception {
        ProbeServerTest.probeMonAndOsd(lab, "Tentacle", 7); // + the 4 lossless reconnects (osd.N only), the wrong key on the OSD
        ProbeServerTest.probeOsdClusterAddress(lab, "Tentacle", 3);
    }

    /** {@code probe client} against Tentacle's ceph CLI: only the session scenarios skip (and secure mode without a key). */
    @Test
    void everyClientScenarioPassesAgainstTentaclesCephCli(CephLab lab) throws Exception {
        ProbeClientRuns.cephCli(lab, "Tentacle", 10, 8);
    }
}
