package io.msgr2.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.msgr2.spec.denc.DencWriter;
import io.msgr2.codec.frame.ConnectionSecret;
import io.msgr2.codec.frame.Decoded;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameCipher;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.codec.payload.AddressCodec;
import io.msgr2.codec.payload.Payloads;
import io.msgr2.spec.Role;
import io.msgr2.spec.frame.Ack;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Hello;
import io.msgr2.spec.frame.Keepalive2;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.Wait;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import org.junit.jupiter.api.Test;

/**
 * Byte vectors: Ceph's own CRC32C test values, and the worked examples of
 * docs/facts/msgr2-wire-facts.md §17.2 (derived by an independent implementation, and for the crc
 * ones matching the Pacific captures' framing). Each is checked in both directions: encode
 * gives the bytes, decoding the bytes gives the frame back.
 */
class KnownAnswerTest {
    static final EntityAddr ADDR = new EntityAddr(AddrType.MSGR2, 0, SockAddr.Inet4.of(192, 168, 0, 10, 3300));
    static final Hello HELLO = new Hello(EntityType.CLIENT, ADDR);
    static final Keepalive2 KEEPALIVE = new Keepalive2(new UTime(1700000000, 123456789));
    static final MsgHeader2 HEADER = new MsgHeader2(1, 0, 0x11, 127, 1, 0, 0, 0, 1, 1, 0);
    static final Bytes SECRET = Bytes.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
            + "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");

    @Test
    void cephCrc32cVectors() {
        assertEquals(4119623852L, Integer.toUnsignedLong(seed0("foo bar baz")));
        assertEquals(2360230088L, Integer.toUnsignedLong(seed0("whiz bang boom")));
        byte[] ones5 = {1, 1, 1, 1, 1};
        assertEquals(2715569182L, Integer.toUnsignedLong(Crc32c.seedZero(ones5, 0, 5)));
        byte[] ones35 = new byte[35];
        java.util.Arrays.fill(ones35, (byte) 1);
        assertEquals(440531800L, Integer.toUnsignedLong(Crc32c.seedZero(ones35, 0, 35)));
        assertEquals(0x1CF96D7C, Crc32c.segment(Bytes.ascii("123456789")));
        assertEquals(0xFFFFFFFF, Crc32c.segment(Bytes.EMPTY));
    }

    private static int seed0(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return Crc32c.seedZero(b, 0, b.length);
    }

    @Test
    void banners() {
        assertEquals(Bytes.fromHex("63657068207632 0a 1000 0100000000000000 0000000000000000"),
                BannerCodec.encode(Banner.PACIFIC));
        assertEquals(Bytes.fromHex("63657068207632 0a 1000 0100000000000000 0100000000000000"),
                BannerCodec.encode(new Banner(1, 1)));
    }

    @Test
    void entityAddr() {
        DencWriter w = new DencWriter();
        AddressCodec.encode(w, ADDR);
        assertEquals(Bytes.fromHex("01 01 01 1c 00 00 00 02 00 00 00 00 00 00 00 10 00 00 00 02 00 0c e4 c0 a8 00 0a"
                + " 00 00 00 00 00 00 00 00"), w.toBytes());
    }

    @Test
    void helloInBothRevisions() {
        String rev1 = "01 01 24 00 00 00 08 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 3f bd 6b 06"
                + " 08 01 01 01 1c 00 00 00 02 00 00 00 00 00 00 00 10 00 00 00 02 00 0c e4 c0 a8 00 0a 00 00 00 00"
                + " 00 00 00 00 3b 3c a3 ac";
        roundTrip(HELLO, true, rev1);
        String rev0 = rev1.substring(0, rev1.length() - " 3b 3c a3 ac".length())
                + " 00 3b 3c a3 ac 00 00 00 00 00 00 00 00 00 00 00 00";
        roundTrip(HELLO, false, rev0);
    }

    @Test
    void keepaliveAndWait() {
        roundTrip(KEEPALIVE, true, "12 01 08 00 00 00 08 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                + " 00 d8 d5 f5 99 00 f1 53 65 15 cd 5b 07 c0 52 70 86");
        String wait = "10 01 00 00 00 00 08 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 c8 e3 aa b0";
        roundTrip(new Wait(), true, wait);
        roundTrip(new Wait(), false, wait + " 00 ff ff ff ff 00 00 00 00 00 00 00 00 00 00 00 00");
    }

    @Test
    void messageWithFront() {
        assertEquals(Bytes.fromHex("01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 11 00 7f 00 01 00 00 00 00 00 00"
                + " 00 00 00 00 00 00 00 00 00 01 01 00 00 00"), Payloads.encodeHeader(HEADER));
        Message m = new Message(HEADER, Bytes.ascii("hello"), Bytes.EMPTY, Bytes.EMPTY);
        String header = Payloads.encodeHeader(HEADER).hex();
        roundTrip(m, true, "11 02 29 00 00 00 08 00 05 00 00 00 08 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 21 27"
                + " ee 71" + header + "19 9e 80 60 68 65 6c 6c 6f 0e b3 44 8e 65 00 00 00 00 00 00 00 00");
        roundTrip(m, false, "11 02 29 00 00 00 08 00 05 00 00 00 08 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 21 27"
                + " ee 71" + header + "68 65 6c 6c 6f 00 19 9e 80 60 b3 44 8e 65 00 00 00 00 00 00 00 00");
    }

    @Test
    void secureRev1KeepaliveThenAck() {
        FrameEncoder enc = new FrameEncoder(true);
        enc.installSecure(ConnectionSecret.tx(SECRET, Role.CLIENT, true));
        String keepalive = "4b e8 16 47 77 93 cc 7c bb 38 14 80 b3 0c c6 94 31 da bd f8 79 b5 0b 48 3d 40 3c fd 6b c7"
                + " a4 81 46 37 65 98 c6 82 ac 91 50 36 a3 b4 f0 29 08 ec d7 f8 cc 4f 26 88 a2 8a b0 1f 76 1a ee e6"
                + " fd ba 01 65 4a 9d 4a 84 8c 68 91 72 d4 52 1f cf 81 08 fb 61 99 66 62 23 bc 62 7a 9f 61 06 f8 41"
                + " 09 98";
        String ack = "9d 2b 27 6f f8 ab 64 93 c7 1f 43 d6 71 c4 a3 a3 8a 85 77 da 66 63 9b 20 d4 2f 05 05 24 f7 76 d4"
                + " 57 91 27 1b e8 0b 05 10 8c 13 81 7b 17 2a f5 39 e0 96 a5 a2 c0 18 3c 65 65 6b 15 d0 47 b9 1e 7a"
                + " e9 f5 a5 aa dc dc 53 50 ca 29 26 44 20 19 9b 1b a1 41 9b 92 48 b0 b3 fa 60 0b c8 25 d0 06 19 81";
        assertEquals(Bytes.fromHex(keepalive), encode(enc, KEEPALIVE));
        assertEquals(Bytes.fromHex("1c1d1e1f2121222324252627"), nonceAfterOneUse(true));
        assertEquals(Bytes.fromHex(ack), encode(enc, new Ack(5)));

        FrameDecoder dec = FrameDecoder.framesOnly(true, Limits.DEFAULT, Allocator.HEAP);
        dec.installSecure(ConnectionSecret.rx(SECRET, Role.SERVER, true));
        dec.feed(Bytes.fromHex(keepalive + ack));
        assertEquals(KEEPALIVE, frame(dec.next()));
        assertEquals(new Ack(5), frame(dec.next()));
    }

    @Test
    void secureRev0Keepalive() {
        FrameEncoder enc = new FrameEncoder(false);
        enc.installSecure(ConnectionSecret.tx(SECRET, Role.CLIENT, false));
        Bytes wire = encode(enc, KEEPALIVE);
        String rev1Prefix = "4b e8 16 47 77 93 cc 7c bb 38 14 80 b3 0c c6 94 31 da bd f8 79 b5 0b 48 3d 40 3c fd 6b c7"
                + " a4 81 46 37 65 98 c6 82 ac 91 50 36 a3 b4 f0 29 08 ec d7 f8 cc 4f 26 88 a2 8a b0 1f 76 1a ee e6"
                + " fd ba";
        assertEquals(Bytes.fromHex(rev1Prefix + " d4 04 12 bc a8 22 48 71 50 69 6d e9 58 ea 19 36"), wire);
        assertEquals(Bytes.fromHex("1d1d1e1f2021222324252627"), nonceAfterOneUse(false));

        FrameDecoder dec = FrameDecoder.framesOnly(false, Limits.DEFAULT, Allocator.HEAP);
        dec.installSecure(ConnectionSecret.rx(SECRET, Role.SERVER, false));
        // the preamble is read (CTR keystream) before the tag has arrived
        dec.feed(wire.slice(0, 40));
        assertEquals(new Decoded.NeedMore(40), dec.next());
        dec.feed(wire.slice(40));
        assertEquals(KEEPALIVE, frame(dec.next()));
    }

    private static Bytes nonceAfterOneUse(boolean rev1) {
        FrameCipher c = ConnectionSecret.tx(SECRET, Role.CLIENT, rev1);
        c.seal(java.util.List.of(Bytes.zeros(16)));
        return c.nextNonce();
    }

    private static void roundTrip(Frame f, boolean rev1, String hex) {
        Bytes expected = Bytes.fromHex(hex);
        assertEquals(expected, encode(new FrameEncoder(rev1), f), f + (rev1 ? " rev1" : " rev0"));
        FrameDecoder d = FrameDecoder.framesOnly(rev1, Limits.DEFAULT, Allocator.HEAP);
        d.feed(expected);
        assertEquals(f, frame(d.next()));
        assertEquals(0, d.buffered());
    }

    private static Bytes encode(FrameEncoder enc, Frame f) {
        return assertInstanceOf(EncodeResult.Encoded.class, enc.encode(f)).wire().toBytes();
    }

    private static Frame frame(Decoded d) {
        return assertInstanceOf(Decoded.FrameDecoded.class, d, () -> "got " + d).frame();
    }
}
