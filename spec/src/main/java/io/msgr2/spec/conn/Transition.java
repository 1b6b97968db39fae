package io.msgr2.spec.conn;

import java.util.List;

/** The result of one step: the next state of the connection and what to do, in order. */
public record Transition(Conn conn, List<Effect> effects) {
    public Transition {
        effects = List.copyOf(effects);
    }

    public static Transition stay(Conn c) {
        return new Transition(c, List.of());
    }
}
