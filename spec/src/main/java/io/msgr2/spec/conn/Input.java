package io.msgr2.spec.conn;

import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.UTime;

/**
 * Everything that can happen to a connection, as past-tense facts: bytes decoded, the
 * transport changed, a timer fired, the application asked for something. Time and random
 * values never come from inside the spec; what needs them gets them here or from the
 * connection's {@link Env}.
 */
public sealed interface Input {
    /** The TCP connection we dialled is established. */
    record TransportConnected() implements Input {}

    /**
     * The TCP connection failed, was refused or was closed by the peer. {@code replyLost}: the
     * driver knows that the reply our side sent on taking over a session (RECONNECT_OK or
     * SERVER_IDENT) was never written. Ceph enters READY only once that write completes, so
     * the fault is then a fault while accepting, and a lossless connection backs off instead
     * of dialling at once. Drivers that do not know say {@code false}.
     */
    record TransportClosed(String detail, boolean replyLost) implements Input {
        public TransportClosed(String detail) {
            this(detail, false);
        }
    }

    /** The peer's banner, and its exact bytes (the pre-auth transcript). */
    record BannerReceived(Banner banner, Bytes wire) implements Input {}

    /**
     * A frame from the peer, and its exact bytes while the pre-auth transcript records.
     * {@code more}: the driver already holds further input to process right after this frame,
     * so a READY connection may defer the ACK it owes until the last of them, as Ceph's event
     * loop does (its writer runs after the reader has drained what arrived). Drivers that do
     * not know say {@code false}; the only difference is fewer ACK frames.
     */
    record FrameReceived(Frame frame, Bytes wire, boolean more) implements Input {
        public FrameReceived(Frame frame, Bytes wire) {
            this(frame, wire, false);
        }

        public FrameReceived(Frame frame) {
            this(frame, Bytes.EMPTY, false);
        }
    }

    /** The peer's bytes did not decode (bad CRC, GCM tag, length, payload...). */
    record InputMalformed(io.msgr2.spec.frame.DecodeFailure kind, String detail) implements Input {}

    /** Our side could not encode a frame (secure mode ran out of nonces). */
    record OutputRefused(String detail) implements Input {}

    /** A timer this connection armed has fired. */
    record TimerFired(TimerKind timer) implements Input {}

    /** The application queues a message (header seq and ack_seq are filled in when it is sent). */
    record SendRequested(Message message) implements Input {}

    /** The application asks for a KEEPALIVE2, stamped with its clock. */
    record KeepaliveRequested(UTime now) implements Input {}

    /** The application closes the connection without a reset notification (Ceph's mark_down). */
    record CloseRequested() implements Input {}
}
