package io.msgr2.codec.frame;

import io.msgr2.spec.frame.Tag;
import java.util.List;

/**
 * What the preamble and epilogue said about a decoded frame, for tools and logs.
 *
 * @param tag the frame's tag
 * @param format the format it arrived in
 * @param wireLengths the segment lengths the preamble declared (on the wire: compressed, unpadded)
 * @param flags the preamble flags byte
 * @param wireSize every byte the frame took on the wire
 * @param plainLengths the segment lengths after decompression (the wire lengths when not compressed)
 */
public record FrameInfo(Tag tag, FrameFormat format, List<Integer> wireLengths, int flags, long wireSize,
                        List<Integer> plainLengths) {
    public FrameInfo {
        wireLengths = List.copyOf(wireLengths);
        plainLengths = List.copyOf(plainLengths);
    }

    public FrameInfo(Tag tag, FrameFormat format, List<Integer> wireLengths, int flags, long wireSize) {
        this(tag, format, wireLengths, flags, wireSize, wireLengths);
    }

    public FrameInfo withPlainLengths(List<Integer> plain) {
        return new FrameInfo(tag, format, wireLengths, flags, wireSize, plain);
    }

    public boolean compressed() {
        return (flags & Preamble.FLAG_COMPRESSED) != 0;
    }
}
