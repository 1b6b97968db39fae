package io.msgr2.codec.frame;

import io.msgr2.codec.DecodeError;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;

/** One step of {@link FrameDecoder#next()}. */
public sealed interface Decoded {
    /** Nothing more can be decoded until at least {@code bytes} more bytes arrive. */
    record NeedMore(long bytes) implements Decoded {}

    /** The peer's banner, and its exact bytes (for the pre-auth transcript). */
    record BannerDecoded(Banner banner, Bytes wire) implements Decoded {}

    /**
     * A frame. {@code wire} holds its exact bytes while wire capture is on (the pre-auth
     * transcript), otherwise it is empty.
     */
    record FrameDecoded(Frame frame, FrameInfo info, Bytes wire) implements Decoded {}

    /**
     * The banner is in, and the framing revision has not been decided yet ({@link
     * FrameDecoder#decideFraming}): nothing decodes until it is. A connection whose banner was
     * refused stays here.
     */
    record AwaitingFraming() implements Decoded {}

    /** The sender aborted this frame (late status ABORTED); Ceph drops it and reads on. */
    record FrameAborted(FrameInfo info) implements Decoded {}

    /** The bytes are bad; the connection must close. Every later call says the same. */
    record Failed(DecodeError error) implements Decoded {}
}
