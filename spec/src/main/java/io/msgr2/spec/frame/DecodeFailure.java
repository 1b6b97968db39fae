package io.msgr2.spec.frame;

/**
 * Why bytes from a peer could not be decoded, as a closed set. Every one means "close the
 * connection" (Ceph faults on each); the codec reports them, the state machine closes with
 * them as the typed reason.
 */
public enum DecodeFailure {
    /** The first 8 bytes are not {@code "ceph v2\n"}. */
    BAD_BANNER,
    /** The peer speaks msgr1 ({@code "ceph v027"}). */
    MSGR1_BANNER,
    /** The banner payload is shorter than the two feature words. */
    SHORT_BANNER_PAYLOAD,
    /** The preamble's CRC32C (seed 0) does not match. */
    PREAMBLE_CRC_MISMATCH,
    /** The preamble's tag byte names no tag we know. */
    UNKNOWN_TAG,
    /** num_segments is not 1..4, or the last declared segment is empty. */
    BAD_SEGMENT_LAYOUT,
    /** A segment length is above the configured limit. */
    SEGMENT_TOO_LARGE,
    /** A segment's CRC32C (seed -1) does not match. */
    SEGMENT_CRC_MISMATCH,
    /** The epilogue's late status is neither complete nor aborted. */
    BAD_LATE_STATUS,
    /** An AES-GCM tag did not verify (secure mode): tampered or out-of-step bytes. */
    AUTH_TAG_MISMATCH,
    /** The preamble flags compression, but none was negotiated on this connection. */
    COMPRESSION_NOT_NEGOTIATED,
    /** A compressed segment could not be decompressed within the limits. */
    DECOMPRESSION_FAILED,
    /** A frame's payload does not decode as its tag's fields. */
    MALFORMED_PAYLOAD,
}
