package io.msgr2.spec.frame;

/** ACK (both ways, READY): every message up to and including {@code seq} has arrived. */
public record Ack(long seq) implements Frame {
    @Override
    public Tag tag() {
        return Tag.ACK;
    }
}
