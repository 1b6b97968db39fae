package io.msgr2.spec.frame;

import io.msgr2.spec.wire.Bytes;
import java.util.Objects;

/** AUTH_REQUEST_MORE (client to server): the client's answer to AUTH_REPLY_MORE. */
public record AuthRequestMore(Bytes payload) implements Frame {
    public AuthRequestMore {
        Objects.requireNonNull(payload, "payload is null");
    }

    @Override
    public Tag tag() {
        return Tag.AUTH_REQUEST_MORE;
    }
}
