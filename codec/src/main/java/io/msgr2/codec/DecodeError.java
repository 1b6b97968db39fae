package io.msgr2.codec;

import io.msgr2.spec.frame.Tag;
import java.util.Objects;
import java.util.Optional;

/**
 * Why bytes from the peer could not be decoded. The kinds are a closed set; every one of
 * them means "close the connection" (Ceph faults on each), and the detail says where.
 */
public record DecodeError(Kind kind, Optional<Tag> tag, String detail) {
    public enum Kind {
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

    public DecodeError {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(tag, "tag is null");
        Objects.requireNonNull(detail, "detail is null");
    }

    public static DecodeError of(Kind kind, String detail) {
        return new DecodeError(kind, Optional.empty(), detail);
    }

    public static DecodeError of(Kind kind, Tag tag, String detail) {
        return new DecodeError(kind, Optional.of(tag), detail);
    }

    @Override
    public String toString() {
        return kind + tag.map(t -> " in " + t).orElse("") + ": " + detail;
    }
}
