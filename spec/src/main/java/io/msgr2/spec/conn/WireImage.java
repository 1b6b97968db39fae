package io.msgr2.spec.conn;

import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;

/**
 * The exact bytes our own banner and pre-auth frames take on the wire. AUTH_SIGNATURE signs
 * them, so the spec must know them; encoding is the codec's job, and the codec depends on
 * the spec, so the codec hands its encoder in through this interface
 * ({@code io.msgr2.codec.CodecWireImage}). Pre-auth frames are always crc-framed.
 */
public interface WireImage {
    Bytes banner(Banner banner);

    /** {@code frame} in crc mode, msgr2.1 ({@code rev1}) or msgr2.0 framing. */
    Bytes plainFrame(Frame frame, boolean rev1);
}
