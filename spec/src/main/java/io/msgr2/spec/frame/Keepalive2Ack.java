package io.msgr2.spec.frame;

import io.msgr2.spec.wire.UTime;
import java.util.Objects;

/** KEEPALIVE2_ACK (both ways, READY): answers a KEEPALIVE2 with its timestamp. */
public record Keepalive2Ack(UTime timestamp) implements Frame {
    public Keepalive2Ack {
        Objects.requireNonNull(timestamp, "timestamp is null");
    }

    @Override
    public Tag tag() {
        return Tag.KEEPALIVE2_ACK;
    }
}
