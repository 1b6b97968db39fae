package io.msgr2.spec.frame;

import io.msgr2.spec.wire.UTime;
import java.util.Objects;

/** KEEPALIVE2 (both ways, READY): a liveness probe carrying the sender's clock. */
public record Keepalive2(UTime timestamp) implements Frame {
    public Keepalive2 {
        Objects.requireNonNull(timestamp, "timestamp is null");
    }

    @Override
    public Tag tag() {
        return Tag.KEEPALIVE2;
    }
}
