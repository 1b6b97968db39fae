package io.msgr2.compress;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.Limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.codec.compress.OnWireCompressor;
import io.msgr2.codec.frame.ConnectionSecret;
import io.msgr2.codec.frame.Decoded;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.spec.Role;
import io.msgr2.spec.frame.DecodeFailure;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.msgr2.spec.wire.MsgHeader2;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On-wire compression in the codec: every method round-trips seeded compressible and
 * incompressible segments; frames compress from the minimum size on, in all four formats;
 * hostile input (lying lengths, decompression bombs, a flag nobody negotiated, garbage) is
 * a typed error that allocates no more than the segment limit.
 */
class CompressionTest {
    static final List<CompressionMethod> METHODS = List.of(CompressionMethod.SNAPPY, CompressionMethod.ZLIB,
            CompressionMethod.ZSTD, CompressionMethod.LZ4);

    static Bytes payload(SplittableRandom rnd, int len, boolean compressible) {
        byte[] b = new byte[len];
        if (compressible) {
            for (int i = 0; i < len; i++) {
                b[i] = (byte) ("the quick brown fox ".charAt(i % 20) + (rnd.nextInt(50) == 0 ? 1 : 0));
            }
        } else {
            rnd.nextBytes(b);
        }
        return Bytes.wrap(b);
    }

    @Test
    void everyMethodRoundTripsSeededSegments() {
        long seed = Long.getLong("msgr2.seed", 9);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (CompressionMethod m : METHODS) {
            OnWireCompressor c = OnWireCompressor.of(m).orElseThrow();
            for (int i = 0; i < 300; i++) {
                int len = 1 + rnd.nextInt(i < 200 ? 3000 : 300_000);
                Bytes in = payload(rnd, len, rnd.nextBoolean());
                Bytes packed = c.compress(in);
                assertEquals(in, c.decompress(packed, Limits.DEFAULT.data(), Allocator.HEAP).get(),
                        "seed " + seed + ", " + m + ", " + len + " bytes");
            }
        }
    }

    @Test
    void cephsSegmentFormats() {
        Bytes header = Bytes.fromHex("01000000000000000000000046007f0005000000000000000000000000000000000000030400000000");
        // zlib: marker byte 0 then raw deflate; lz4: one chunk with its table; zstd: le32 length then a zstd frame
        Bytes z = OnWireCompressor.of(CompressionMethod.ZLIB).orElseThrow().compress(header);
        assertEquals(0, z.u8(0));
        Bytes l = OnWireCompressor.of(CompressionMethod.LZ4).orElseThrow().compress(header);
        assertEquals(Bytes.fromHex("01000000" + "29000000"), l.slice(0, 8));
        Bytes s = OnWireCompressor.of(CompressionMethod.ZSTD).orElseThrow().compress(header);
        assertEquals(Bytes.fromHex("29000000" + "28b52ffd"), s.slice(0, 8));
        Bytes y = OnWireCompressor.of(CompressionMethod.SNAPPY).orElseThrow().compress(header);
        assertEquals(0x29, y.u8(0));
        // the header segments Ceph sent (docs/facts/msgr2-compression-facts.md examples) decode
        assertEquals(41, OnWireCompressor.of(CompressionMethod.LZ4).orElseThrow().decompress(Bytes.fromHex(
                "0100000029000000140000002a010001005a46007f0005130060000304000000"), 4096, Allocator.HEAP).get().length());
        assertEquals(41, OnWireCompressor.of(CompressionMethod.ZLIB).orElseThrow().decompress(Bytes.fromHex(
                "0063644005 6e0cf50cac6862cc2c400200".replace(" ", "")), 4096, Allocator.HEAP).get().length());
        assertEquals(41, OnWireCompressor.of(CompressionMethod.SNAPPY).orElseThrow().decompress(Bytes.fromHex(
                "29040100360100104600 7f00053613001400030400 0000".replace(" ", "")), 4096, Allocator.HEAP).get().length());
    }

    @ParameterizedTest(name = "{0} rev1={1} secure={2}")
    @CsvSource({
        "SNAPPY, true, false", "ZLIB, true, false", "ZSTD, true, false", "LZ4, true, false",
        "SNAPPY, true, true", "ZLIB, true, true", "ZSTD, true, true", "LZ4, true, true",
        "SNAPPY, false, false", "ZSTD, false, true",
    })
    void framesCompressFromTheMinimumSizeInEveryFormat(String method, boolean rev1, boolean secure) {
        CompressionMethod m = switch (method) {
            case "SNAPPY" -> CompressionMethod.SNAPPY;
            case "ZLIB" -> CompressionMethod.ZLIB;
            case "ZSTD" -> CompressionMethod.ZSTD;
            default -> CompressionMethod.LZ4;
        };
        SplittableRandom rnd = new SplittableRandom(7);
        Bytes secret = payload(rnd, 64, false);
        FrameEncoder enc = new FrameEncoder(rev1);
        FrameDecoder dec = new FrameDecoder(Limits.DEFAULT, Allocator.HEAP);
        dec.startFrames(rev1);
        if (secure) {
            enc.installSecure(ConnectionSecret.tx(secret, Role.CLIENT, rev1));
            dec.installSecure(ConnectionSecret.rx(secret, Role.SERVER, rev1));
        }
        enc.installCompression(m, 1024);
        dec.installCompression(m);
        for (int total = 1000; total < 1100; total++) {
            int front = total - 41; // 41-byte header segment + front = the frame's segments
            Message msg = new Message(MsgHeader2.of(0x7fff, 127, 1, 1), payload(rnd, front, rnd.nextBoolean()),
                    Bytes.EMPTY, Bytes.EMPTY);
            Bytes wire = ((EncodeResult.Encoded) enc.encode(msg)).wire().toBytes();
            dec.feed(wire);
            Decoded.FrameDecoded f = assertInstanceOf(Decoded.FrameDecoded.class, dec.next());
            assertEquals(total >= 1024, f.info().compressed(), "a frame of " + total + " bytes");
            assertEquals(msg.front(), ((Message) f.frame()).front());
            assertEquals(List.of(41, front), f.info().plainLengths().subList(0, 2));
        }
    }

    @Test
    void aFlaggedFrameWithoutNegotiationIsATypedError() {
        FrameEncoder enc = new FrameEncoder(true);
        enc.installCompression(CompressionMethod.SNAPPY, 0);
        Bytes wire = ((EncodeResult.Encoded) enc.encode(new Message(MsgHeader2.of(1, 127, 1, 1), Bytes.zeros(2000),
                Bytes.EMPTY, Bytes.EMPTY))).wire().toBytes();
        FrameDecoder dec = new FrameDecoder(Limits.DEFAULT, Allocator.HEAP);
        dec.startFrames(true);
        dec.feed(wire);
        Decoded.Failed f = assertInstanceOf(Decoded.Failed.class, dec.next());
        assertEquals(DecodeFailure.COMPRESSION_NOT_NEGOTIATED, f.error().kind());
    }

    @Test
    void lyingLengthsAndBombsStayWithinTheLimit() {
        int limit = 64 * 1024;
        CountingAllocator alloc = new CountingAllocator();
        // snappy and zstd announce 1 GiB; lz4's table claims it
        assertTrue(OnWireCompressor.of(CompressionMethod.SNAPPY).orElseThrow()
                .decompress(Bytes.fromHex("8080808004" + "00"), limit, alloc).isLeft());
        assertTrue(OnWireCompressor.of(CompressionMethod.ZSTD).orElseThrow()
                .decompress(Bytes.fromHex("00000040" + "28b52ffd00"), limit, alloc).isLeft());
        assertTrue(OnWireCompressor.of(CompressionMethod.LZ4).orElseThrow()
                .decompress(Bytes.fromHex("01000000" + "00000040" + "01000000" + "00"), limit, alloc).isLeft());
        assertTrue(OnWireCompressor.of(CompressionMethod.LZ4).orElseThrow()
                .decompress(Bytes.fromHex("ffffffff"), limit, alloc).isLeft());
        // a real bomb: 100 MiB of zeros deflated to about 100 KiB, in every method
        byte[] zeros = new byte[100 * 1024 * 1024];
        for (CompressionMethod m : METHODS) {
            Bytes bomb = OnWireCompressor.of(m).orElseThrow().compress(Bytes.wrap(zeros));
            assertTrue(OnWireCompressor.of(m).orElseThrow().decompress(bomb, limit, alloc).isLeft(), m.toString());
        }
        assertTrue(alloc.largest <= limit, "largest allocation " + alloc.largest);
        // garbage never throws
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[rnd.nextInt(64)];
            rnd.nextBytes(junk);
            CompressionMethod m = METHODS.get(i % 4);
            OnWireCompressor.of(m).orElseThrow().decompress(Bytes.wrap(junk), limit, alloc);
        }
        assertTrue(alloc.largest <= limit, "largest allocation " + alloc.largest);
    }

    /** Counts what decompression allocates (every codec buffer goes through the allocator). */
    static final class CountingAllocator implements Allocator {
        int largest;

        @Override
        public byte[] allocate(int size) {
            largest = Math.max(largest, size);
            return new byte[size];
        }
    }
}
