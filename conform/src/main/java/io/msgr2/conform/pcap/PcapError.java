package io.msgr2.conform.pcap;

import java.util.Objects;

/**
 * Why a capture file could not be read at all. Problems further in (a file cut short, a
 * corrupt block) are warnings on {@link PcapFile} instead, with the packets before them kept.
 */
public record PcapError(Kind kind, String detail) {

    /** The closed set of fatal problems. */
    public enum Kind {
        /** The file could not be read from disk. */
        IO,
        /** The file has no bytes. */
        EMPTY,
        /** The first bytes are neither a pcap nor a pcapng magic number. */
        UNKNOWN_FORMAT,
        /** The file ends inside its file header or first section header. */
        TRUNCATED_HEADER,
        /** The first pcapng section header block is malformed (length, byte-order magic). */
        BAD_SECTION_HEADER,
        /** A pcap or pcapng major version this reader does not know. */
        UNSUPPORTED_VERSION
    }

    public PcapError {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(detail, "detail is null");
    }

    @Override
    public String toString() {
        return kind + ": " + detail;
    }
}
