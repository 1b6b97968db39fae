package io.msgr2.spec.frame;

/** WAIT (server to client): a connection race the server's own connection wins; back off and let it arrive. Empty payload. */
public record Wait() implements Frame {
    @Override
    public Tag tag() {
        return Tag.WAIT;
    }
}
