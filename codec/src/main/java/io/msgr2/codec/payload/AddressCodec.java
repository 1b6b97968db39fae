package io.msgr2.codec.payload;

import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.SockAddr;

/**
 * {@code entity_addr_t} and {@code entity_addrvec_t} exactly as Ceph lays them out in
 * msgr2 frames (features {@code msgr2_frame_assumed}, so always the versioned form).
 *
 * <pre>
 * entity_addr_t  = u8 marker 1 | u8 v 1 | u8 compat 1 | le32 len | le32 type | le32 nonce
 *                  | le32 elen | le16 family | sockaddr rest (elen - 2 bytes)
 *                  elen: 16 for AF_INET, 28 for AF_INET6 and anything else (blank too)
 * legacy form    = u8 marker 0 | 3 bytes | le32 nonce | 128-byte sockaddr_storage, family BE
 * entity_addrvec = u8 marker 2 | le32 count | entity_addr_t...   (decode also takes 0 and 1)
 * </pre>
 */
public final class AddressCodec {
    /** The smallest encoded entity_addr_t (versioned, elen 0). */
    public static final int MIN_ADDR_SIZE = 19;
    private static final int SOCKADDR_IN_LEN = 16;
    private static final int SOCKADDR_IN6_LEN = 28;
    private static final int SOCKADDR_UNION_LEN = 28;
    private static final int SOCKADDR_STORAGE_LEN = 128;

    private AddressCodec() {}

    public static void encode(DencWriter w, EntityAddr a) {
        w.u8(1);
        int mark = w.startStruct(1, 1);
        w.u32(a.type().value()).u32(a.nonce());
        switch (a.addr()) {
            case SockAddr.Inet4 in -> w.u32(SOCKADDR_IN_LEN).u16(SockAddr.AF_INET).u16be(in.port()).raw(in.ip()).zeros(8);
            case SockAddr.Inet6 in6 -> w.u32(SOCKADDR_IN6_LEN).u16(SockAddr.AF_INET6).u16be(in6.port())
                    .u32be(in6.flowInfo()).raw(in6.ip()).u32(in6.scopeId());
            case SockAddr.Blank b -> w.u32(SOCKADDR_UNION_LEN).u16(SockAddr.AF_UNSPEC).zeros(SOCKADDR_UNION_LEN - 2);
            case SockAddr.Other o -> w.u32(SOCKADDR_UNION_LEN).u16(o.family()).raw(o.data());
        }
        w.endStruct(mark);
    }

    public static void encode(DencWriter w, EntityAddrVec v) {
        w.u8(2).list(v.addrs(), AddressCodec::encode);
    }

    public static EntityAddr decodeAddr(DencReader r) {
        int marker = r.u8();
        return switch (marker) {
            case 0 -> decodeLegacyAfterMarker(r);
            case 1 -> decodeVersionedAfterMarker(r);
            default -> {
                r.fail("entity_addr_t marker " + marker);
                yield EntityAddr.BLANK;
            }
        };
    }

    public static EntityAddrVec decodeAddrVec(DencReader r) {
        int marker = r.u8();
        return switch (marker) {
            case 0 -> EntityAddrVec.of(decodeLegacyAfterMarker(r));
            case 1 -> EntityAddrVec.of(decodeVersionedAfterMarker(r));
            case 2 -> new EntityAddrVec(r.list(MIN_ADDR_SIZE, AddressCodec::decodeAddr));
            default -> {
                r.fail("entity_addrvec_t marker " + marker);
                yield EntityAddrVec.EMPTY;
            }
        };
    }

    private static EntityAddr decodeVersionedAfterMarker(DencReader r) {
        DencReader.Struct s = r.startStruct(1);
        int type = r.u32();
        int nonce = r.u32();
        int elen = r.u32();
        SockAddr sa = new SockAddr.Blank();
        if (elen != 0 && !r.failed()) {
            if (Integer.compareUnsigned(elen, 2) < 0) {
                r.fail("sockaddr length " + elen + " is shorter than its family");
            } else {
                int family = r.u16();
                int max = switch (family) {
                    case SockAddr.AF_INET -> SOCKADDR_IN_LEN;
                    case SockAddr.AF_INET6 -> SOCKADDR_IN6_LEN;
                    default -> SOCKADDR_UNION_LEN;
                };
                if (Integer.compareUnsigned(elen, max) > 0) {
                    r.fail("sockaddr length " + Integer.toUnsignedString(elen) + " exceeds " + max);
                } else {
                    sa = sockaddr(family, r.raw(elen - 2));
                }
            }
        }
        r.endStruct(s);
        return r.failed() ? EntityAddr.BLANK : new EntityAddr(new AddrType(type), nonce, sa);
    }

    /** The pre-ADDR2 layout: 3 more bytes of the zero type word, nonce, sockaddr_storage (family big-endian). */
    private static EntityAddr decodeLegacyAfterMarker(DencReader r) {
        r.skip(3);
        int nonce = r.u32();
        int family = r.u16be();
        Bytes rest = r.raw(SOCKADDR_STORAGE_LEN - 2);
        if (r.failed()) {
            return EntityAddr.BLANK;
        }
        SockAddr sa = sockaddr(family, rest.slice(0, SOCKADDR_UNION_LEN - 2));
        return new EntityAddr(sa instanceof SockAddr.Blank ? AddrType.NONE : AddrType.LEGACY, nonce, sa);
    }

    /** Builds a sockaddr from its family and the bytes after the family, zero-extended as Ceph's union is. */
    private static SockAddr sockaddr(int family, Bytes data) {
        byte[] full = new byte[SOCKADDR_UNION_LEN - 2];
        data.slice(0, Math.min(data.length(), full.length)).copyTo(full, 0);
        Bytes d = Bytes.wrap(full);
        DencReader r = new DencReader(d);
        return switch (family) {
            case SockAddr.AF_UNSPEC -> new SockAddr.Blank();
            case SockAddr.AF_INET -> {
                int port = r.u16be();
                yield new SockAddr.Inet4(r.raw(4), port);
            }
            case SockAddr.AF_INET6 -> {
                int port = r.u16be();
                int flow = r.u32be();
                Bytes ip = r.raw(16);
                yield new SockAddr.Inet6(ip, port, flow, r.u32());
            }
            default -> new SockAddr.Other(family, d);
        };
    }
}
