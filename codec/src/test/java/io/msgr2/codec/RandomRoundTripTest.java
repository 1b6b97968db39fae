package io.msgr2.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.msgr2.codec.frame.Decoded;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.codec.frame.FrameFormat;
import io.msgr2.codec.gen.FrameGen;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * decode(encode(f)) == f for seeded random frames of every tag in all four formats, and the
 * same frames whether the bytes arrive whole, one at a time or in random splits. A failure
 * names its seed; rerun one with {@code -Dmsgr2.seed=N}.
 */
class RandomRoundTripTest {
    static final int SEEDS = Integer.getInteger("msgr2.seeds", 300);

    @ParameterizedTest
    @EnumSource(FrameFormat.class)
    void everyTagRoundTripsInEveryFeeding(FrameFormat format) {
        long only = Long.getLong("msgr2.seed", -1);
        for (long seed = 0; seed < SEEDS; seed++) {
            if (only < 0 || only == seed) {
                run(format, seed);
            }
        }
    }

    @Test
    void everyTagIsCovered() {
        FrameGen g = new FrameGen(1);
        for (Tag t : Tag.values()) {
            assertEquals(t, g.frame(t).tag());
        }
    }

    private static void run(FrameFormat format, long seed) {
        String where = format + " seed " + seed + " (rerun with -Dmsgr2.seed=" + seed + ")";
        FrameGen gen = new FrameGen(seed);
        List<Frame> frames = new ArrayList<>();
        for (Tag t : Tag.values()) {
            frames.add(gen.frame(t));
        }
        for (int i = 0; i < 5; i++) {
            frames.add(gen.frame());
        }
        FrameEncoder enc = Modes.encoder(format);
        List<Bytes> wire = new ArrayList<>();
        for (Frame f : frames) {
            if (!(enc.encode(f) instanceof EncodeResult.Encoded e)) {
                throw new AssertionError(where + ": could not encode " + f);
            }
            wire.add(e.wire().toBytes());
        }
        Bytes all = Bytes.concat(wire.toArray(Bytes[]::new));
        assertEquals(frames, decode(format, List.of(all), where), where + " whole");
        assertEquals(frames, decode(format, splits(all, gen.random()), where), where + " random splits");
        if (seed % 10 == 0) {
            assertEquals(frames, decode(format, splits(all, null), where), where + " one byte at a time");
        }
    }

    /** Random cut points, or every byte alone when {@code rnd} is null. */
    static List<Bytes> splits(Bytes all, SplittableRandom rnd) {
        List<Bytes> out = new ArrayList<>();
        int at = 0;
        while (at < all.length()) {
            int n = rnd == null ? 1 : Math.min(all.length() - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 3000));
            out.add(all.slice(at, n));
            at += n;
        }
        return out;
    }

    static List<Frame> decode(FrameFormat format, List<Bytes> chunks, String where) {
        FrameDecoder d = Modes.decoder(format, Limits.DEFAULT, Allocator.HEAP);
        List<Frame> out = new ArrayList<>();
        for (Bytes c : chunks) {
            d.feed(c);
            while (true) {
                Decoded r = d.next();
                if (r instanceof Decoded.FrameDecoded f) {
                    out.add(f.frame());
                } else if (r instanceof Decoded.NeedMore) {
                    break;
                } else {
                    fail(where + ": " + r);
                }
            }
        }
        assertEquals(0, d.buffered(), where);
        return out;
    }
}
