package io.msgr2.interop;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Pacific auth-none suite against a lab that binds msgr1 too, as real clusters do: the
 * mon's and the OSD's address vectors carry two entries (v2 and v1), so our address decoding
 * and ident checks meet them.
 */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "none", mode = "crc", osd = true, msgr1 = true)
class PacificMsgr1AuthNoneTest extends PacificAuthNoneTest {
}
