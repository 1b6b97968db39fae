package io.msgr2.spec.frame;

/** SESSION_RESET (server to client): the server has no such session; {@code full} says whether the client must drop its queues too (true) or only restart establishment (false). */
public record SessionReset(boolean full) implements Frame {
    @Override
    public Tag tag() {
        return Tag.SESSION_RESET;
    }
}
