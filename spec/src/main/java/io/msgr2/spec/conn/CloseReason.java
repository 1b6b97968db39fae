package io.msgr2.spec.conn;

import io.msgr2.spec.frame.Tag;
import java.util.Set;

/**
 * Why a connection (or one TCP attempt of it) ended. A closed set: the peer misbehaved,
 * the peer is incompatible or refused us, a timer expired, the transport went away, or the
 * application asked. Never an exception.
 */
public sealed interface CloseReason {
    /** The reason as words for a user, with the fix where there is one (no record syntax). */
    default String describe() {
        return switch (this) {
            case UnexpectedFrame u -> "the peer sent " + u.got() + " where " + u.state() + " expects one of "
                    + u.expected();
            case ProtocolViolation p -> "the peer broke a protocol rule (" + p.violation() + "): " + p.detail();
            case MalformedInput m when m.kind() == io.msgr2.spec.frame.DecodeFailure.MSGR1_BANNER ->
                    "the address speaks msgr1 (its banner is \"ceph v027\"): give the msgr2 address (v2:, port 3300 "
                            + "for a mon)";
            case MalformedInput m -> "the peer's bytes do not decode (" + m.kind() + "): " + m.detail();
            case BannerMismatch b -> "the peer's msgr2 features are incompatible (it lacks 0x"
                    + Long.toHexString(b.peerLacks()) + ", we lack 0x" + Long.toHexString(b.weLack()) + ")";
            case WrongPeerType w -> "the peer is not the entity type we wanted (entity type " + w.got() + ", not "
                    + w.expected() + ")";
            case AuthFailed a -> "authentication failed: " + a.detail();
            case MissingFeatures m -> "the server requires features we lack (0x" + Long.toHexString(m.features())
                    + ")";
            case Waiting w -> "the server's own connection to us won the race (WAIT)";
            case TimedOut t -> "no answer in time (" + t.timer().name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + ")";
            case TransportLost t -> "the TCP connection failed: " + t.detail();
            case SendRefused r -> "we cannot send any more: " + r.detail();
            case Replaced r -> "another connection to the same peer took its place";
            case Stale st -> "an older attempt than one already seen (global_seq " + st.globalSeq() + " < "
                    + st.seen() + ")";
            case PipeliningRefused p -> "the peer's banner lacks msgr2.1, so the pipelined handshake starts again "
                    + "without pipelining";
            case LocallyClosed l -> "closed by the application";
        };
    }

    /** A frame the current state does not accept (Ceph faults on these). */
    record UnexpectedFrame(StateKind state, Set<Tag> expected, Tag got) implements CloseReason {}

    /** The peer broke a protocol rule; {@code violation} says which. */
    record ProtocolViolation(Violation violation, String detail) implements CloseReason {}

    /** The bytes did not decode (CRC, GCM tag, malformed payload...): reported by the codec. */
    record MalformedInput(io.msgr2.spec.frame.DecodeFailure kind, String detail) implements CloseReason {}

    /** Our required banner features or theirs are missing: stop, no retry. */
    record BannerMismatch(long peerLacks, long weLack) implements CloseReason {}

    /** The peer at the address is not the entity type we wanted to reach. */
    record WrongPeerType(int expected, int got) implements CloseReason {}

    /** Authentication failed: no method or mode left, or the auth method refused us. */
    record AuthFailed(String detail) implements CloseReason {}

    /** IDENT_MISSING_FEATURES: we lack features the server requires. */
    record MissingFeatures(long features) implements CloseReason {}

    /** The server answered WAIT: its own connection to us wins the race. */
    record Waiting() implements CloseReason {}

    /** A timer expired (the handshake did not reach READY in time). */
    record TimedOut(TimerKind timer) implements CloseReason {}

    /** The TCP connection failed, closed or could not be established. */
    record TransportLost(String detail) implements CloseReason {}

    /** The TX side cannot send any more (secure mode nonces used up). */
    record SendRefused(String detail) implements CloseReason {}

    /** Another connection took this one's place (a replacement or a lost race). */
    record Replaced() implements CloseReason {}

    /** An older attempt than one the registry already saw from this peer (global_seq below it). */
    record Stale(long globalSeq, long seen) implements CloseReason {}

    /**
     * We pipelined HELLO and AUTH_REQUEST in msgr2.1 framing but the peer's banner lacks
     * msgr2.1: that TCP connection is dropped and a new one follows without pipelining.
     */
    record PipeliningRefused() implements CloseReason {}

    /** The application closed the connection (mark_down). */
    record LocallyClosed() implements CloseReason {}

    /** The protocol rules that a peer can break, by name. */
    enum Violation {
        SIGNATURE_MISMATCH,
        TARGET_ADDRESS_MISMATCH,
        BLANK_PEER_ADDRESS,
        NOT_IN_SERVER_ADDRS,
        MODE_NOT_OFFERED,
        AUTH_PAYLOAD,
        ACK_OF_UNSENT_MESSAGE,
        OLD_MESSAGE,
        UNKNOWN_CONNECTION_MODE,
        COMPRESSION_NOT_OFFERED,
    }
}
