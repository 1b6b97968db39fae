package io.msgr2.interop;

import io.msgr2.testkit.CephLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link LosslessSessions} against a Tentacle 20.2 OSD (aes256k keys). */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "cephx", mode = "both", osd = true, tentacle = true)
class TentacleLosslessTest extends BothTransports {
    @Test
    void cutsReconnectReplayAndARestartResetsOnce(CephLab lab) throws Exception {
        LosslessSessions.run(lab, 2024);
    }
}
