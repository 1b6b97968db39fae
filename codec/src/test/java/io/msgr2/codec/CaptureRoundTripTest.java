package io.msgr2.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.msgr2.codec.frame.Decoded;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.codec.frame.FrameFormat;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real Pacific captures decode frame by frame with every CRC checked, list the tags the
 * annotation lists, and re-encoding every decoded frame gives back the captured bytes.
 */
class CaptureRoundTripTest {
    record Direction(Captures.Conn conn, boolean clientToServer) {
        Bytes bytes() {
            return clientToServer ? conn.clientToServer() : conn.serverToClient();
        }

        List<String> tags() {
            return clientToServer ? conn.c2sTags() : conn.s2cTags();
        }

        @Override
        public String toString() {
            return conn + (clientToServer ? " C>S" : " S>C");
        }
    }

    static Stream<Direction> directions() {
        return Captures.pacificCrc().stream()
                .flatMap(c -> Stream.of(new Direction(c, true), new Direction(c, false)));
    }

    /** A decoded stream: the banner, then the frames. */
    record Stream2(Banner banner, List<Frame> frames) {}

    static Stream2 decodeAll(Bytes bytes) {
        FrameDecoder d = new FrameDecoder(Limits.DEFAULT, Allocator.HEAP);
        d.feed(bytes);
        Decoded.BannerDecoded b = assertInstanceOf(Decoded.BannerDecoded.class, d.next());
        d.startFrames(b.banner().negotiate(Banner.PACIFIC) instanceof Banner.Negotiation.Compatible c && c.rev1());
        List<Frame> frames = new ArrayList<>();
        while (true) {
            switch (d.next()) {
                case Decoded.FrameDecoded f -> frames.add(f.frame());
                case Decoded.NeedMore n -> {
                    assertEquals(0, d.buffered(), "the capture ends inside a frame");
                    return new Stream2(b.banner(), frames);
                }
                case Decoded other -> fail("unexpected " + other);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void decodesEveryFrameWithTheAnnotatedTags(Direction dir) {
        Stream2 s = decodeAll(dir.bytes());
        assertEquals(Banner.PACIFIC, s.banner());
        assertEquals(dir.tags(), s.frames().stream().map(f -> f.tag().name()).toList());
        assertFalse(s.frames().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void reEncodingGivesBackTheCapturedBytes(Direction dir) {
        Stream2 s = decodeAll(dir.bytes());
        FrameEncoder enc = new FrameEncoder(true);
        assertEquals(FrameFormat.REV1_CRC, enc.format());
        List<Bytes> out = new ArrayList<>();
        out.add(BannerCodec.encode(s.banner()));
        for (Frame f : s.frames()) {
            out.add(assertInstanceOf(EncodeResult.Encoded.class, enc.encode(f)).wire().toBytes());
        }
        Bytes again = Bytes.concat(out.toArray(Bytes[]::new));
        assertEquals(dir.bytes().length(), again.length());
        assertEquals(dir.bytes(), again);
    }
}
