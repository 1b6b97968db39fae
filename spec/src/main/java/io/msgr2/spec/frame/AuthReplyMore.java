package io.msgr2.spec.frame;

import io.msgr2.spec.wire.Bytes;
import java.util.Objects;

/** AUTH_REPLY_MORE (server to client): another round of the auth method, e.g. the cephx server challenge. */
public record AuthReplyMore(Bytes payload) implements Frame {
    public AuthReplyMore {
        Objects.requireNonNull(payload, "payload is null");
    }

    @Override
    public Tag tag() {
        return Tag.AUTH_REPLY_MORE;
    }
}
