package io.msgr2.spec.frame;

import io.msgr2.spec.wire.EntityAddrVec;
import java.util.Objects;

/** SESSION_RECONNECT (client to server): resume an existing session. The sender's addresses, both cookies of the session, this attempt's global_seq, the session's connect_seq, and msg_seq = the highest message the sender has received in order. */
public record SessionReconnect(EntityAddrVec addrs, long clientCookie, long serverCookie, long globalSeq, long connectSeq, long msgSeq) implements Frame {
    public SessionReconnect {
        Objects.requireNonNull(addrs, "addrs is null");
    }

    @Override
    public Tag tag() {
        return Tag.SESSION_RECONNECT;
    }
}
