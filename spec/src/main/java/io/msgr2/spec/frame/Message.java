package io.msgr2.spec.frame;

import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.MsgHeader2;
import java.util.Objects;

/** MESSAGE (both ways, READY): four segments, {@code ceph_msg_header2}, front, middle and data. Trailing empty segments are not sent. */
public record Message(MsgHeader2 header, Bytes front, Bytes middle, Bytes data) implements Frame {
    public Message {
        Objects.requireNonNull(header, "header is null");
        Objects.requireNonNull(front, "front is null");
        Objects.requireNonNull(middle, "middle is null");
        Objects.requireNonNull(data, "data is null");
    }

    @Override
    public Tag tag() {
        return Tag.MESSAGE;
    }
}
