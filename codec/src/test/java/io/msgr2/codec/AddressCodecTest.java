package io.msgr2.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.codec.payload.AddressCodec;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.SockAddr;
import org.junit.jupiter.api.Test;

/** entity_addr_t and entity_addrvec_t as Ceph lays them out, including the forms only decoded. */
class AddressCodecTest {
    @Test
    void ipv6IsFortySevenBytes() {
        Bytes ip = Bytes.fromHex("20010db8000000000000000000000001");
        EntityAddr a = new EntityAddr(AddrType.MSGR2, 7, new SockAddr.Inet6(ip, 3300, 0, 0));
        Bytes enc = encode(a);
        assertEquals(Bytes.fromHex("01 01 01 28000000 02000000 07000000 1c000000 0a00 0ce4 00000000"
                + ip.hex() + " 00000000"), enc);
        assertEquals(a, AddressCodec.decodeAddr(new DencReader(enc)));
    }

    @Test
    void blankIsFamilyZeroWithTheUnionsLength() {
        Bytes enc = encode(EntityAddr.BLANK);
        assertEquals(47, enc.length());
        assertEquals(Bytes.fromHex("01 01 01 28000000 00000000 00000000 1c000000 0000" + "00".repeat(26)), enc);
        assertEquals(EntityAddr.BLANK, AddressCodec.decodeAddr(new DencReader(enc)));
    }

    @Test
    void elenZeroDecodesAsBlank() {
        Bytes enc = Bytes.fromHex("01 01 01 0c000000 02000000 05000000 00000000");
        EntityAddr a = AddressCodec.decodeAddr(new DencReader(enc));
        assertEquals(new EntityAddr(AddrType.MSGR2, 5, new SockAddr.Blank()), a);
    }

    @Test
    void legacyMarkerZeroForm() {
        // u8 0 | 3 bytes of the type word | le32 nonce | sockaddr_storage with a big-endian family
        byte[] storage = new byte[128];
        storage[1] = 2; // AF_INET, big-endian
        storage[2] = 0x1a;
        storage[3] = (byte) 0x85; // port 6789
        storage[4] = 10;
        storage[7] = 1; // 10.0.0.1
        Bytes enc = Bytes.concat(Bytes.fromHex("00 000000 2a000000"), Bytes.wrap(storage));
        DencReader r = new DencReader(enc);
        EntityAddr a = AddressCodec.decodeAddr(r);
        assertEquals(new EntityAddr(AddrType.LEGACY, 42, SockAddr.Inet4.of(10, 0, 0, 1, 6789)), a);
        assertEquals(0, r.remaining());
        // as an addrvec (marker 0), a single legacy address
        assertEquals(EntityAddrVec.of(a), AddressCodec.decodeAddrVec(new DencReader(enc)));
    }

    @Test
    void addrvecMarkers() {
        EntityAddr a = EntityAddr.v2(SockAddr.Inet4.loopback(3300), 0);
        Bytes single = encode(a);
        assertEquals(EntityAddrVec.of(a), AddressCodec.decodeAddrVec(new DencReader(single)));
        DencWriter w = new DencWriter();
        AddressCodec.encode(w, EntityAddrVec.of(a, a.withNonce(1)));
        Bytes vec = w.toBytes();
        assertEquals(2, vec.u8(0));
        assertEquals(EntityAddrVec.of(a, a.withNonce(1)), AddressCodec.decodeAddrVec(new DencReader(vec)));
        DencReader bad = new DencReader(Bytes.fromHex("03"));
        AddressCodec.decodeAddrVec(bad);
        assertTrue(bad.failed());
    }

    @Test
    void forwardCompatibleStructLengthSkipsUnknownTrailingBytes() {
        // struct_len 16 instead of 12+16: four extra bytes that a newer encoder appended
        Bytes enc = Bytes.fromHex("01 01 01 20000000 02000000 00000000 10000000 0200 0ce4 7f000001 0000000000000000"
                + " deadbeef 77");
        DencReader r = new DencReader(enc);
        assertEquals(EntityAddr.v2(SockAddr.Inet4.loopback(3300), 0), AddressCodec.decodeAddr(r));
        assertEquals(1, r.remaining());
    }

    @Test
    void sockaddrLongerThanItsFamilyIsRefused() {
        Bytes enc = Bytes.fromHex("01 01 01 20000000 02000000 00000000 14000000 0200 0ce4 7f000001"
                + " 000000000000000000000000");
        DencReader r = new DencReader(enc);
        AddressCodec.decodeAddr(r);
        assertTrue(r.failed());
    }

    private static Bytes encode(EntityAddr a) {
        DencWriter w = new DencWriter();
        AddressCodec.encode(w, a);
        return w.toBytes();
    }
}
