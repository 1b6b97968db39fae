package io.msgr2.spec.frame;

/** SESSION_RETRY_GLOBAL (server to client): the reconnect's global_seq is stale; retry with a global_seq above this one. */
public record SessionRetryGlobal(long globalSeq) implements Frame {
    @Override
    public Tag tag() {
        return Tag.SESSION_RETRY_GLOBAL;
    }
}
