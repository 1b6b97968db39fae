package io.msgr2.codec.frame;

/** What {@link FrameEncoder#encode} gives: the bytes to send, or why nothing can be sent. */
public sealed interface EncodeResult {
    record Encoded(Wire wire) implements EncodeResult {}

    /** The frame cannot be sent; the connection must be faulted. */
    record Refused(Reason reason, String detail) implements EncodeResult {}

    enum Reason {
        /** Secure mode: the TX nonce came back to its first value (Ceph: "out of nonces"). */
        NONCES_EXHAUSTED,
    }
}
