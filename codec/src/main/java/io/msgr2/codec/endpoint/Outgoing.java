package io.msgr2.codec.endpoint;

import io.msgr2.codec.frame.Wire;
import io.msgr2.spec.conn.Input;
import java.util.Optional;

/** What {@link Sender#next} has for the transport. */
public sealed interface Outgoing {
    /**
     * Bytes to write, in order: our banner ({@code frame} empty) or a frame, as it was encoded
     * (after the hooks: the frame may differ from the one the spec asked for).
     */
    record Write(Wire wire, Optional<io.msgr2.spec.frame.Frame> frame) implements Outgoing {}

    /** {@code frame} could not be encoded (secure mode ran out of nonces): step the spec with this input. */
    record Refused(Input.OutputRefused input, io.msgr2.spec.frame.Frame frame) implements Outgoing {}

    /** Nothing is queued. */
    record Idle() implements Outgoing {}
}
