package io.msgr2.interop;

import org.junit.jupiter.api.extension.ExtendWith;

/** The Pacific cephx suite against a lab that binds msgr1 too (two-entry address vectors). */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "cephx", mode = "both", osd = true, msgr1 = true)
class PacificMsgr1CephxTest extends PacificCephxTest {
}
