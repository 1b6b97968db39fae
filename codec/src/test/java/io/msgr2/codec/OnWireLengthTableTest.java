package io.msgr2.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.msgr2.codec.frame.Decoded;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.codec.frame.FrameFormat;
import io.msgr2.codec.payload.Segments;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.Bytes;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ceph's on-wire length table ({@code round_trip_instances} in src/test/msgr/test_frames_v2.cc,
 * quoted in docs/facts/msgr2-wire-facts.md §6.5): for logical segment lengths, the bytes each part
 * of the frame takes in each format. Checked three ways: what our encoder writes, what
 * {@link FrameFormat#wireSize} predicts, and that the decoder waits for exactly that many.
 */
class OnWireLengthTableTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // logical   | msgr2.0-crc          | msgr2.0-secure        | msgr2.1-crc           | msgr2.1-secure
        "0+0+0+0     | 32,0,17              | 32,0,32               | 32,0,0                | 96,0,0",
        "1+0+0+0     | 32,1,17              | 32,16,32              | 32,5,0                | 96,0,0",
        "48+0+0+0    | 32,48,17             | 32,48,32              | 32,52,0               | 96,0,0",
        "49+0+0+0    | 32,49,17             | 32,64,32              | 32,53,0               | 96,32,0",
        "0+101+0+0   | 32,0,101,17          | 32,0,112,32           | 32,0,101,13           | 96,0,112,32",
        "0+0+202+303 | 32,0,0,202,303,17    | 32,0,0,208,304,32     | 32,0,0,202,303,13     | 96,0,0,208,304,32",
        "49+101+202+303 | 32,49,101,202,303,17 | 32,64,112,208,304,32 | 32,53,101,202,303,13 | 96,32,112,208,304,32",
        "41+250+0+4096 | 32,41,250,0,4096,17 | 32,48,256,0,4096,32  | 32,45,250,0,4096,13   | 96,0,256,0,4096,32",
    })
    void matchesCephsTable(String logical, String rev0Crc, String rev0Secure, String rev1Crc, String rev1Secure) {
        int[] l = Arrays.stream(logical.trim().split("\\+")).mapToInt(Integer::parseInt).toArray();
        check(l, FrameFormat.REV0_CRC, rev0Crc);
        check(l, FrameFormat.REV0_SECURE, rev0Secure);
        check(l, FrameFormat.REV1_CRC, rev1Crc);
        check(l, FrameFormat.REV1_SECURE, rev1Secure);
    }

    private static void check(int[] l, FrameFormat f, String parts) {
        long expected = Arrays.stream(parts.trim().split(",")).mapToLong(Long::parseLong).sum();
        List<Bytes> segs = IntStream.of(l).mapToObj(n -> Bytes.zeros(n)).toList();
        Segments s = new Segments(Tag.MESSAGE, segs);
        Bytes wire = assertInstanceOf(EncodeResult.Encoded.class, Modes.encoder(f).encode(s, 0)).wire().toBytes();
        assertEquals(expected, wire.length(), f.cephName);
        assertEquals(expected, f.wireSize(s.count(), l[0], l[1], l[2], l[3]), f.cephName);

        FrameDecoder d = Modes.decoder(f, Limits.DEFAULT, Allocator.HEAP);
        d.feed(wire.slice(0, wire.length() - 1));
        assertEquals(new Decoded.NeedMore(1), d.next(), f.cephName);
        d.feed(wire.slice(wire.length() - 1));
        Decoded last = d.next();
        if (l[0] == 41) {
            assertInstanceOf(Decoded.FrameDecoded.class, last, f.cephName);
        } else {
            // not a valid ceph_msg_header2, but the framing was complete and verified
            assertEquals(io.msgr2.spec.frame.DecodeFailure.MALFORMED_PAYLOAD,
                    assertInstanceOf(Decoded.Failed.class, last, f.cephName).error().kind());
        }
    }
}
