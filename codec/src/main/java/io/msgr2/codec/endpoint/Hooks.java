package io.msgr2.codec.endpoint;

import io.msgr2.codec.compress.OnWireCompressor;
import io.msgr2.codec.frame.Wire;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.CompressionMethod;

/**
 * How an endpoint's sender may deviate from plain encoding: a replay puts captured bytes in
 * place of ours, the simulator tampers with frames and bytes, a conformance kit breaks one
 * rule on purpose. Every method defaults to no change.
 */
public interface Hooks {
    Hooks NONE = new Hooks() {};

    /** The frame to encode in place of {@code f}. */
    default Frame frame(Frame f) {
        return f;
    }

    /** The bytes to write in place of {@code f}'s encoding (a flipped bit, a broken CRC). */
    default Wire frameWire(Frame f, Wire encoded) {
        return encoded;
    }

    /** The bytes to write in place of our banner's encoding. */
    default Wire bannerWire(Banner b, Wire encoded) {
        return encoded;
    }

    /**
     * The compressor for the negotiated {@code method} (a replay answers with the captured
     * segments, since two compressors may encode the same data differently).
     */
    default OnWireCompressor compressor(CompressionMethod method) {
        return OnWireCompressor.of(method)
                .orElseThrow(() -> new IllegalArgumentException("no on-wire compressor for " + method));
    }
}
