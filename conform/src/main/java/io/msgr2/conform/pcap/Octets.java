package io.msgr2.conform.pcap;

import io.msgr2.spec.wire.Bytes;

/** Unsigned integers out of byte arrays, in either byte order. Callers check the bounds. */
final class Octets {
    private Octets() {
    }

    static int u8(byte[] a, int i) {
        return a[i] & 0xff;
    }

    static int u16(byte[] a, int i, boolean little) {
        int b0 = a[i] & 0xff;
        int b1 = a[i + 1] & 0xff;
        return little ? b0 | b1 << 8 : b0 << 8 | b1;
    }

    static long u32(byte[] a, int i, boolean little) {
        long hi = u16(a, little ? i + 2 : i, little);
        long lo = u16(a, little ? i : i + 2, little);
        return hi << 16 | lo;
    }

    /** All 64 bits; the caller reads it as signed or unsigned. */
    static long u64(byte[] a, int i, boolean little) {
        long hi = u32(a, little ? i + 4 : i, little);
        long lo = u32(a, little ? i : i + 4, little);
        return hi << 32 | lo;
    }

    /** Big-endian (network order) 16 bits. */
    static int u16(Bytes b, int i) {
        return b.u8(i) << 8 | b.u8(i + 1);
    }

    /** Big-endian (network order) 32 bits. */
    static long u32(Bytes b, int i) {
        return (long) u16(b, i) << 16 | u16(b, i + 2);
    }
}
