package io.msgr2.spec.frame;

import io.msgr2.spec.wire.Bytes;
import java.util.Objects;

/** AUTH_SIGNATURE (both ways, first frame after AUTH_DONE): HMAC-SHA256 with the session key over every byte the sender received before auth completed; 32 zero bytes without a session key. Raw 32 bytes on the wire, no length prefix. */
public record AuthSignature(Bytes signature) implements Frame {
    public static final int SIZE = 32;

    public AuthSignature {
        Objects.requireNonNull(signature, "signature is null");
        if (signature.length() != SIZE) {
            throw new IllegalArgumentException("AUTH_SIGNATURE is 32 bytes, got " + signature.length());
        }
    }

    /** The signature of a connection without a session key (auth none). */
    public static AuthSignature zeros() {
        return new AuthSignature(Bytes.zeros(SIZE));
    }

    @Override
    public Tag tag() {
        return Tag.AUTH_SIGNATURE;
    }
}
