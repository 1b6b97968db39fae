package io.msgr2.spec.wire;

/**
 * The msgr2 banner feature bits ({@code CEPH_MSGR2_FEATURE_*}). This namespace is the
 * banner's own; it has nothing to do with the CEPH_FEATURE_* bits of the IDENT frames.
 */
public final class Msgr2Features {
    /** Bit 0: the peer speaks msgr2.1 framing (Nautilus 14.2.11+, Octopus 15.2.5+, Pacific). */
    public static final long REVISION_1 = 1L;
    /** Bit 1: the peer runs the COMPRESSION_REQUEST/DONE exchange (Quincy 17.2+). */
    public static final long COMPRESSION = 1L << 1;

    /** What Pacific 16.2 advertises: supported REVISION_1, required nothing. */
    public static final long PACIFIC_SUPPORTED = REVISION_1;
    /** What Quincy and later advertise. */
    public static final long QUINCY_SUPPORTED = REVISION_1 | COMPRESSION;

    private Msgr2Features() {}

    public static String describe(long bits) {
        StringBuilder b = new StringBuilder();
        if ((bits & REVISION_1) != 0) {
            b.append("REVISION_1");
        }
        if ((bits & COMPRESSION) != 0) {
            b.append(b.isEmpty() ? "" : "|").append("COMPRESSION");
        }
        long rest = bits & ~(REVISION_1 | COMPRESSION);
        if (rest != 0) {
            b.append(b.isEmpty() ? "" : "|").append("0x").append(Long.toHexString(rest));
        }
        return b.isEmpty() ? "none" : b.toString();
    }
}
