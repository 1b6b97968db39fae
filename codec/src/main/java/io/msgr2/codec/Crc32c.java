package io.msgr2.codec;

import io.msgr2.spec.wire.Bytes;
import java.util.zip.CRC32C;

/**
 * Ceph's {@code ceph_crc32c(seed, data)} is the raw CRC-32C register update: no initial
 * inversion, no final XOR. The JDK's hardware-accelerated {@link CRC32C} computes the
 * standard CRC, which is the raw update from seed 0xFFFFFFFF followed by a final XOR. The
 * two seeds msgr2 uses follow from that:
 * <ul>
 *   <li>seed -1 (segments): {@code raw(-1, d) = ~std(d)};</li>
 *   <li>seed 0 (preamble): the raw update is affine in the seed, so
 *       {@code raw(0, d) = std(d) ^ std(zeros(len d))}.</li>
 * </ul>
 */
public final class Crc32c {
    private static final int STD_OF_28_ZEROS = std(new byte[28], 0, 28);

    private Crc32c() {}

    /** {@code ceph_crc32c(0xFFFFFFFF, d)}: the CRC of a segment. */
    public static int segment(byte[] a, int off, int len) {
        return ~std(a, off, len);
    }

    public static int segment(Bytes b) {
        return segment(b.unsafeArray(), b.unsafeOffset(), b.length());
    }

    /** {@code ceph_crc32c(0, first 28 bytes of a preamble)}. */
    public static int preamble(byte[] a, int off) {
        return std(a, off, 28) ^ STD_OF_28_ZEROS;
    }

    /** {@code ceph_crc32c(0, d)} for any length (used by tests against Ceph's vectors). */
    public static int seedZero(byte[] a, int off, int len) {
        return std(a, off, len) ^ std(new byte[len], 0, len);
    }


    private static int std(byte[] a, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(a, off, len);
        return (int) c.getValue();
    }
}
