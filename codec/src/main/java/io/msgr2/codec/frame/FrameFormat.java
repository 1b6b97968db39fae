package io.msgr2.codec.frame;

/**
 * The four on-wire frame formats: framing revision (msgr2.0 or msgr2.1, from the banners)
 * times crc or secure mode (from AUTH_DONE). Their sizes for segment lengths L0..L3, with
 * n segments and P(x) = x rounded up to 16:
 *
 * <pre>
 * msgr2.0-crc     32 + L0+L1+L2+L3 + 17                      (epilogue: late flags, 4 crcs)
 * msgr2.0-secure  32 + P(L0)+P(L1)+P(L2)+P(L3) + 16 + 16     (one GCM message)
 * msgr2.1-crc     32 + (L0 > 0 ? L0 + 4 : 0) + (n > 1 ? L1+L2+L3 + 13 : 0)
 * msgr2.1-secure  96 + (P(L0) > 48 ? P(L0) - 48 + 16 : 0) + (n > 1 ? P(L1)+P(L2)+P(L3) + 32 : 0)
 * </pre>
 */
public enum FrameFormat {
    REV0_CRC("msgr2.0-crc"),
    REV0_SECURE("msgr2.0-secure"),
    REV1_CRC("msgr2.1-crc"),
    REV1_SECURE("msgr2.1-secure");

    /** The 48 bytes of segment 0 that ride with the preamble in msgr2.1 secure mode. */
    public static final int INLINE_SIZE = 48;
    public static final int REV0_CRC_EPILOGUE = 17;
    public static final int REV1_CRC_EPILOGUE = 13;
    public static final int SECURE_EPILOGUE = 16;
    public static final int LATE_STATUS_COMPLETE = 0x0e;
    public static final int LATE_STATUS_ABORTED = 0x01;

    public final String cephName;

    FrameFormat(String cephName) {
        this.cephName = cephName;
    }

    public static FrameFormat of(boolean rev1, boolean secure) {
        return rev1 ? (secure ? REV1_SECURE : REV1_CRC) : (secure ? REV0_SECURE : REV0_CRC);
    }

    public boolean rev1() {
        return this == REV1_CRC || this == REV1_SECURE;
    }

    public boolean secure() {
        return this == REV0_SECURE || this == REV1_SECURE;
    }

    /** The bytes of the first read, which holds the preamble. */
    public int headSize() {
        return this == REV1_SECURE ? SIZE_REV1_SECURE_HEAD : Preamble.SIZE;
    }

    private static final int SIZE_REV1_SECURE_HEAD = Preamble.SIZE + INLINE_SIZE + FrameCipher.TAG_SIZE;

    /** The whole frame's size on the wire, from its (logical) segment lengths. */
    public long wireSize(int n, long l0, long l1, long l2, long l3) {
        return switch (this) {
            case REV0_CRC -> Preamble.SIZE + l0 + l1 + l2 + l3 + REV0_CRC_EPILOGUE;
            case REV0_SECURE -> Preamble.SIZE + p(l0) + p(l1) + p(l2) + p(l3) + SECURE_EPILOGUE + FrameCipher.TAG_SIZE;
            case REV1_CRC -> Preamble.SIZE + (l0 > 0 ? l0 + 4 : 0) + (n > 1 ? l1 + l2 + l3 + REV1_CRC_EPILOGUE : 0);
            case REV1_SECURE -> SIZE_REV1_SECURE_HEAD + (p(l0) > INLINE_SIZE ? p(l0) - INLINE_SIZE + FrameCipher.TAG_SIZE : 0)
                    + (n > 1 ? p(l1) + p(l2) + p(l3) + SECURE_EPILOGUE + FrameCipher.TAG_SIZE : 0);
        };
    }

    static long p(long x) {
        return (x + 15) & -16L;
    }
}
