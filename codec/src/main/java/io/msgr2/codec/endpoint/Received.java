package io.msgr2.codec.endpoint;

import io.msgr2.codec.DecodeError;
import io.msgr2.codec.frame.FrameInfo;
import io.msgr2.spec.conn.Input;
import java.util.Optional;

/** What {@link Receiver#next} found in the received bytes. */
public sealed interface Received {
    /** The input for the spec, if this is one (banner, frame, the first failure). */
    default Optional<Input> input() {
        return Optional.empty();
    }

    /** Whether nothing more decodes until something changes (more bytes, a framing decision, never). */
    default boolean stalled() {
        return false;
    }

    /** The peer's banner. */
    record Banner(Input.BannerReceived received) implements Received {
        @Override
        public Optional<Input> input() {
            return Optional.of(received);
        }
    }

    /** A frame, and what its preamble said (lengths on the wire, compression). */
    record Frame(Input.FrameReceived received, FrameInfo info) implements Received {
        @Override
        public Optional<Input> input() {
            return Optional.of(received);
        }
    }

    /** The sender aborted a frame (late status ABORTED): Ceph drops it and reads on, so does the spec. */
    record Aborted(FrameInfo info) implements Received {}

    /** The bytes are bad: the spec hears it once; the direction is over. */
    record Malformed(Input.InputMalformed received, DecodeError error) implements Received {
        @Override
        public Optional<Input> input() {
            return Optional.of(received);
        }
    }

    /** Nothing decodes until at least {@code bytes} more bytes arrive. */
    record NeedMore(long bytes) implements Received {
        @Override
        public boolean stalled() {
            return true;
        }
    }

    /**
     * The banner is in and the spec has not chosen the framing revision (it is stepping, or it
     * refused the banner and closes the connection): nothing decodes until it does.
     */
    record AwaitingFraming() implements Received {
        @Override
        public boolean stalled() {
            return true;
        }
    }

    /** A failure was reported: nothing more will be decoded. */
    record Over() implements Received {
        @Override
        public boolean stalled() {
            return true;
        }
    }
}
