package io.msgr2.spec.frame;

/** SESSION_RECONNECT_OK (server to client): the session resumes; msg_seq = the highest message the server has received in order, so the client resends only what follows. */
public record SessionReconnectOk(long msgSeq) implements Frame {
    @Override
    public Tag tag() {
        return Tag.SESSION_RECONNECT_OK;
    }
}
