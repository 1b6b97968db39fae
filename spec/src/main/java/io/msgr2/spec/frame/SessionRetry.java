package io.msgr2.spec.frame;

/** SESSION_RETRY (server to client): the reconnect's connect_seq is stale; retry with a connect_seq above this one. */
public record SessionRetry(long connectSeq) implements Frame {
    @Override
    public Tag tag() {
        return Tag.SESSION_RETRY;
    }
}
