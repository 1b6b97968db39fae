package io.msgr2.spec.frame;

import java.util.Optional;

/**
 * Frame tags, the first byte of every preamble ({@code enum class Tag} in Ceph's
 * frames_v2.h). Tags 1..20 are Pacific's; 21 and 22 came with Quincy's on-wire compression.
 */
public enum Tag {
    HELLO(1),
    AUTH_REQUEST(2),
    AUTH_BAD_METHOD(3),
    AUTH_REPLY_MORE(4),
    AUTH_REQUEST_MORE(5),
    AUTH_DONE(6),
    AUTH_SIGNATURE(7),
    CLIENT_IDENT(8),
    SERVER_IDENT(9),
    IDENT_MISSING_FEATURES(10),
    SESSION_RECONNECT(11),
    SESSION_RESET(12),
    SESSION_RETRY(13),
    SESSION_RETRY_GLOBAL(14),
    SESSION_RECONNECT_OK(15),
    WAIT(16),
    MESSAGE(17),
    KEEPALIVE2(18),
    KEEPALIVE2_ACK(19),
    ACK(20),
    COMPRESSION_REQUEST(21),
    COMPRESSION_DONE(22);

    private static final Tag[] BY_WIRE = new Tag[256];

    static {
        for (Tag t : values()) {
            BY_WIRE[t.wire] = t;
        }
    }

    /** The byte on the wire. */
    public final int wire;

    Tag(int wire) {
        this.wire = wire;
    }

    public static Optional<Tag> fromWire(int b) {
        return b >= 0 && b < 256 ? Optional.ofNullable(BY_WIRE[b]) : Optional.empty();
    }
}
