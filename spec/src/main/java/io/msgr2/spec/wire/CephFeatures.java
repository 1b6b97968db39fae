package io.msgr2.spec.wire;

/**
 * The few CEPH_FEATURE_* masks that msgr2 itself looks at (the IDENT frames carry the full
 * 64-bit set, which belongs to the application).
 */
public final class CephFeatures {
    /** {@code CEPH_FEATUREMASK_MSG_ADDR2}: bit 59; always required by a msgr2 peer. */
    public static final long MSG_ADDR2 = 1L << 59;
    /** {@code CEPH_FEATUREMASK_SERVER_NAUTILUS}: bit 2 with incarnation 3 (bits 57 and 28). */
    public static final long SERVER_NAUTILUS = (1L << 2) | (1L << 57) | (1L << 28);
    /** {@code msgr2_frame_assumed}: the features addresses in frames are encoded for. */
    public static final long MSGR2_FRAME_ASSUMED = MSG_ADDR2 | SERVER_NAUTILUS;
    /** What a Pacific 16.2.15 client and mon announce as supported (seen in captures). */
    public static final long PACIFIC_SUPPORTED = 0x3f01cfbdfffdffffL;

    private CephFeatures() {}
}
