package io.msgr2.codec.frame;

import io.msgr2.codec.Crc32c;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;

/**
 * The 32-byte preamble that starts every frame, in both revisions and both modes:
 *
 * <pre>
 * u8 tag | u8 num_segments | 4 x (le32 length, le16 alignment) | u8 flags | u8 reserved
 * | le32 crc32c(seed 0) of the 28 bytes before it
 * </pre>
 *
 * Lengths are logical (unpadded; compressed when flags bit 0 is set). Descriptors at and
 * after num_segments are zero. Byte 26 was reserved in Pacific; Quincy made it the flags
 * byte ({@code FRAME_EARLY_DATA_COMPRESSED} = 1).
 */
public record Preamble(int tag, int numSegments, int len0, int len1, int len2, int len3, int align0, int align1,
                       int align2, int align3, int flags, int reserved, int crc) {
    public static final int SIZE = 32;
    public static final int FLAG_COMPRESSED = 0x01;

    /** Segment {@code i}'s declared length, as an unsigned value. */
    public long length(int i) {
        return Integer.toUnsignedLong(switch (i) {
            case 0 -> len0;
            case 1 -> len1;
            case 2 -> len2;
            default -> len3;
        });
    }

    public int alignment(int i) {
        return switch (i) {
            case 0 -> align0;
            case 1 -> align1;
            case 2 -> align2;
            default -> align3;
        };
    }

    public boolean compressed() {
        return (flags & FLAG_COMPRESSED) != 0;
    }

    /** Reads a preamble; {@link #crcMatches(Bytes)} says whether to believe it. */
    public static Preamble parse(Bytes b) {
        byte[] a = b.unsafeArray();
        int o = b.unsafeOffset();
        return new Preamble(a[o] & 0xff, a[o + 1] & 0xff, le32(a, o + 2), le32(a, o + 8), le32(a, o + 14),
                le32(a, o + 20), le16(a, o + 6), le16(a, o + 12), le16(a, o + 18), le16(a, o + 24), a[o + 26] & 0xff,
                a[o + 27] & 0xff, le32(a, o + 28));
    }

    public static boolean crcMatches(Bytes b) {
        return Crc32c.preamble(b.unsafeArray(), b.unsafeOffset()) == le32(b.unsafeArray(), b.unsafeOffset() + 28);
    }

    /**
     * Writes a preamble for segments of the given lengths and alignments into {@code dst}:
     * num_segments from the lengths, zero descriptors after it, then the CRC.
     */
    public static void write(byte[] dst, int off, int tag, int numSegments, int[] lengths, int[] alignments,
                             int flags) {
        dst[off] = (byte) tag;
        dst[off + 1] = (byte) numSegments;
        for (int i = 0; i < 4; i++) {
            boolean used = i < numSegments;
            DencWriter.putU32(dst, off + 2 + 6 * i, used ? lengths[i] : 0);
            DencWriter.putU16(dst, off + 6 + 6 * i, used ? alignments[i] : 0);
        }
        dst[off + 26] = (byte) flags;
        dst[off + 27] = 0;
        DencWriter.putU32(dst, off + 28, Crc32c.preamble(dst, off));
    }

    static int le32(byte[] a, int o) {
        return (a[o] & 0xff) | (a[o + 1] & 0xff) << 8 | (a[o + 2] & 0xff) << 16 | (a[o + 3] & 0xff) << 24;
    }

    static int le16(byte[] a, int o) {
        return (a[o] & 0xff) | (a[o + 1] & 0xff) << 8;
    }
}
