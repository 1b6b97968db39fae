package io.msgr2.spec.internal;

import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.SockAddr;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order Ceph's connection races are decided by: {@code memcmp} of two in-memory
 * {@code entity_addr_t} on a little-endian host (36 bytes: le32 type, le32 nonce, then the
 * sockaddr union with the family in host order and the port and address in network order).
 * So the low byte of the type, then of the nonce, decide first, not the IP.
 */
public final class AddrOrder {
    public static final Comparator<EntityAddr> MEMCMP = (a, b) -> Arrays.compareUnsigned(image(a), image(b));

    private AddrOrder() {}

    /** The 36 bytes Ceph compares. */
    public static byte[] image(EntityAddr a) {
        byte[] m = new byte[36];
        le32(m, 0, a.type().value());
        le32(m, 4, a.nonce());
        SockAddr sa = a.addr();
        m[8] = (byte) sa.family();
        m[9] = (byte) (sa.family() >>> 8);
        switch (sa) {
            case SockAddr.Inet4 in -> {
                m[10] = (byte) (in.port() >>> 8);
                m[11] = (byte) in.port();
                in.ip().copyTo(m, 12);
            }
            case SockAddr.Inet6 in6 -> {
                m[10] = (byte) (in6.port() >>> 8);
                m[11] = (byte) in6.port();
                m[12] = (byte) (in6.flowInfo() >>> 24);
                m[13] = (byte) (in6.flowInfo() >>> 16);
                m[14] = (byte) (in6.flowInfo() >>> 8);
                m[15] = (byte) in6.flowInfo();
                in6.ip().copyTo(m, 16);
                le32(m, 32, in6.scopeId());
            }
            case SockAddr.Other o -> o.data().copyTo(m, 10);
            case SockAddr.Blank b -> { }
        }
        return m;
    }

    private static void le32(byte[] m, int at, int v) {
        m[at] = (byte) v;
        m[at + 1] = (byte) (v >>> 8);
        m[at + 2] = (byte) (v >>> 16);
        m[at + 3] = (byte) (v >>> 24);
    }
}
