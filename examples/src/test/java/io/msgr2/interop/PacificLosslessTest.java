package io.msgr2.interop;

import io.msgr2.testkit.CephLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link LosslessSessions} against a Pacific 16.2 OSD. */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "cephx", mode = "both", osd = true)
class PacificLosslessTest extends BothTransports {
    @Test
    void cutsReconnectReplayAndARestartResetsOnce(CephLab lab) throws Exception {
        LosslessSessions.run(lab, 1625);
    }
}
