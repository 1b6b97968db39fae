package io.msgr2.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.denc.DencWriter;
import io.msgr2.codec.frame.Decoded;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.codec.frame.FrameFormat;
import io.msgr2.codec.frame.Preamble;
import io.msgr2.codec.gen.FrameGen;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: random bytes and valid streams with bit flips, truncations, bogus lengths,
 * wrong tags and wrong late status (with the CRCs fixed up so that the damage reaches the
 * deeper checks). Every input must end in NeedMore or a typed error, never an exception, and
 * every buffer the decoder takes from its allocator must stay within the limits and within a
 * small multiple of the bytes actually received.
 */
class RobustnessTest {
    static final int INPUTS = Integer.getInteger("msgr2.robustness.inputs", 2_000_000);
    static final Limits SMALL = new Limits(4096, 4096, 4096, 8192);

    /** Counts what the decoder allocates. */
    static final class CountingAllocator implements Allocator {
        long total;
        int largest;

        @Override
        public byte[] allocate(int size) {
            total += size;
            largest = Math.max(largest, size);
            return new byte[size];
        }
    }

    long decoded;
    long failed;

    @Test
    void neverThrowsNeverOverAllocates() {
        SplittableRandom rnd = new SplittableRandom(20261125);
        List<Bytes> corpus = corpus(rnd);
        for (int i = 0; i < INPUTS; i++) {
            FrameFormat f = FrameFormat.values()[i % 4];
            Bytes input = switch (rnd.nextInt(8)) {
                case 0 -> randomBytes(rnd, rnd.nextInt(200));
                case 1 -> truncate(rnd, pick(rnd, corpus, f));
                case 2 -> bogusPreamble(rnd, f);
                default -> mutate(rnd, pick(rnd, corpus, f), f);
            };
            long seed = rnd.nextLong();
            try {
                feed(f, input, new SplittableRandom(seed), i % 16 == 0);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("input " + i + " (" + f + ", split seed " + seed + "): " + input.hex(), e);
            }
        }
        assertTrue(decoded > INPUTS / 10, "mutations should leave many frames decodable: " + decoded);
        assertTrue(failed > INPUTS / 4, "and make many fail: " + failed);
    }

    @Test
    void anOversizedLengthIsRefusedFromThePreambleBeforeAnyAllocation() {
        for (FrameFormat f : List.of(FrameFormat.REV0_CRC, FrameFormat.REV1_CRC)) {
            CountingAllocator alloc = new CountingAllocator();
            FrameDecoder d = Modes.decoder(f, Limits.DEFAULT, alloc);
            byte[] pre = new byte[Preamble.SIZE];
            Preamble.write(pre, 0, Tag.MESSAGE.wire, 4, new int[] {41, 0, 0, 1 << 30}, new int[] {8, 8, 8, 4096}, 0);
            d.feed(Bytes.wrap(pre));
            Decoded r = d.next();
            assertEquals(io.msgr2.spec.frame.DecodeFailure.SEGMENT_TOO_LARGE, assertInstanceOf(Decoded.Failed.class, r).error().kind());
            assertEquals(0, alloc.total);
        }
    }

    @Test
    void theFirstErrorIsFinal() {
        FrameDecoder d = new FrameDecoder(Limits.DEFAULT, Allocator.HEAP);
        d.feed(Bytes.ascii("ceph v027 hello, I speak msgr1"));
        Decoded first = d.next();
        assertEquals(io.msgr2.spec.frame.DecodeFailure.MSGR1_BANNER, assertInstanceOf(Decoded.Failed.class, first).error().kind());
        d.feed(BannerCodec.encode(Banner.PACIFIC));
        assertEquals(first, d.next());
    }

    private void feed(FrameFormat f, Bytes input, SplittableRandom rnd, boolean withBanner) {
        CountingAllocator alloc = new CountingAllocator();
        FrameDecoder d;
        if (withBanner) {
            d = new FrameDecoder(SMALL, alloc);
            input = Bytes.concat(BannerCodec.encode(Banner.PACIFIC), input);
        } else {
            d = Modes.decoder(f, SMALL, alloc);
        }
        int at = 0;
        boolean over = false;
        while (at < input.length() && !over) {
            int n = Math.min(input.length() - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 4096));
            d.feed(input.slice(at, n));
            at += n;
            while (true) {
                Decoded r = d.next();
                if (r instanceof Decoded.BannerDecoded b) {
                    d.startFrames(f.rev1());
                    if (f.secure()) {
                        d.installSecure(io.msgr2.codec.frame.ConnectionSecret.rx(Modes.SECRET,
                                io.msgr2.spec.Role.SERVER, f.rev1()));
                    }
                    continue;
                }
                if (r instanceof Decoded.FrameDecoded || r instanceof Decoded.FrameAborted) {
                    decoded++;
                    continue;
                }
                if (r instanceof Decoded.Failed) {
                    failed++;
                    over = true;
                }
                assertTrue(!(r instanceof Decoded.NeedMore nm) || nm.bytes() > 0);
                break;
            }
        }
        int maxSegment = Math.max(Math.max(SMALL.controlSegment(), SMALL.front()), SMALL.data());
        assertTrue(alloc.largest <= maxSegment + 4 * 16 + 200, "largest allocation " + alloc.largest);
        assertTrue(alloc.total <= 3L * input.length() + 256, "allocated " + alloc.total + " for " + input.length());
    }

    private static List<Bytes> corpus(SplittableRandom rnd) {
        List<Bytes> out = new ArrayList<>();
        for (int seed = 0; seed < 400; seed++) {
            FrameFormat f = FrameFormat.values()[seed % 4];
            FrameGen g = new FrameGen(seed, 3000);
            var enc = Modes.encoder(f);
            List<Bytes> frames = new ArrayList<>();
            for (int k = 0; k < 1 + rnd.nextInt(3); k++) {
                Frame fr = g.frame();
                frames.add(((EncodeResult.Encoded) enc.encode(fr)).wire().toBytes());
            }
            out.add(Bytes.concat(frames.toArray(Bytes[]::new)));
        }
        return out;
    }

    /** A stream from the corpus in the right format (entries are stored round-robin by format). */
    private static Bytes pick(SplittableRandom rnd, List<Bytes> corpus, FrameFormat f) {
        int i = rnd.nextInt(corpus.size() / 4) * 4 + f.ordinal();
        return corpus.get(i);
    }

    private static Bytes randomBytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return Bytes.wrap(b);
    }

    private static Bytes truncate(SplittableRandom rnd, Bytes b) {
        return b.slice(0, rnd.nextInt(b.length() + 1));
    }

    /** A preamble with a valid CRC but random tag, counts, lengths or flags. */
    private static Bytes bogusPreamble(SplittableRandom rnd, FrameFormat f) {
        byte[] p = new byte[Preamble.SIZE];
        rnd.nextBytes(p);
        if (rnd.nextBoolean()) {
            p[0] = (byte) (1 + rnd.nextInt(22));
            p[1] = (byte) rnd.nextInt(6);
        }
        DencWriter.putU32(p, 28, Crc32c.preamble(p, 0));
        return Bytes.concat(Bytes.wrap(p), randomBytes(rnd, rnd.nextInt(300)));
    }

    /** Bit flips anywhere; in crc mode also preamble field edits and segment edits with fixed-up CRCs. */
    private static Bytes mutate(SplittableRandom rnd, Bytes b, FrameFormat f) {
        byte[] a = b.toByteArray();
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int kind = f.secure() ? 0 : rnd.nextInt(5);
            switch (kind) {
                case 0 -> a[rnd.nextInt(a.length)] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> { // a field of the first preamble, CRC fixed
                    a[rnd.nextInt(28)] = (byte) rnd.nextInt(256);
                    DencWriter.putU32(a, 28, Crc32c.preamble(a, 0));
                }
                case 2 -> { // the tag only, CRC fixed
                    a[0] = (byte) rnd.nextInt(30);
                    DencWriter.putU32(a, 28, Crc32c.preamble(a, 0));
                }
                case 3 -> fixSegment0(rnd, a, f);
                default -> a[a.length - 1 - rnd.nextInt(Math.min(a.length, 17))] = (byte) rnd.nextInt(256);
            }
        }
        return Bytes.wrap(a);
    }

    /** Damages the first frame's segment 0 (the payload) and recomputes its CRC, in msgr2.1 crc mode. */
    private static void fixSegment0(SplittableRandom rnd, byte[] a, FrameFormat f) {
        int len = Preamble.parse(Bytes.wrap(a)).len0();
        if (f != FrameFormat.REV1_CRC || len <= 0 || Preamble.SIZE + len + 4 > a.length) {
            return;
        }
        int at = Preamble.SIZE + rnd.nextInt(len);
        a[at] = (byte) rnd.nextInt(256);
        DencWriter.putU32(a, Preamble.SIZE + len, Crc32c.segment(a, Preamble.SIZE, len));
    }
}
