package io.msgr2.spec.conn;

/**
 * The states of a connection, named as Ceph's ProtocolV2 names them. The connecting states
 * belong to the side that dialled this TCP connection, the accepting states to the side
 * that accepted it; READY, STANDBY, WAIT and CLOSED to both.
 *
 * <p>Ceph's NONE, START_ACCEPT and the THROTTLE_* / READ_MESSAGE_COMPLETE states are
 * transient or IO bookkeeping of its implementation, not protocol states, and are left out.
 */
public enum StateKind {
    /** Awaits the backoff timer, then the TCP connection to the peer. */
    START_CONNECT,
    /** Awaits the peer's banner. */
    BANNER_CONNECTING,
    /** Awaits the server's HELLO. */
    HELLO_CONNECTING,
    /** Awaits AUTH_REPLY_MORE, AUTH_DONE or AUTH_BAD_METHOD. */
    AUTH_CONNECTING,
    /** Awaits the server's AUTH_SIGNATURE. */
    AUTH_CONNECTING_SIGN,
    /** Awaits SERVER_IDENT (or IDENT_MISSING_FEATURES, WAIT) after CLIENT_IDENT. */
    SESSION_CONNECTING,
    /** Awaits SESSION_RECONNECT_OK (or RETRY, RETRY_GLOBAL, RESET, WAIT) after SESSION_RECONNECT. */
    SESSION_RECONNECTING,
    /** Awaits the client's banner. */
    BANNER_ACCEPTING,
    /** Awaits the client's HELLO. */
    HELLO_ACCEPTING,
    /** Awaits AUTH_REQUEST. */
    AUTH_ACCEPTING,
    /** Awaits AUTH_REQUEST_MORE. */
    AUTH_ACCEPTING_MORE,
    /** Awaits the client's AUTH_SIGNATURE. */
    AUTH_ACCEPTING_SIGN,
    /** Awaits CLIENT_IDENT or SESSION_RECONNECT. */
    SESSION_ACCEPTING,
    /** The session is up: MESSAGE, ACK, KEEPALIVE2, KEEPALIVE2_ACK both ways. */
    READY,
    /** No TCP connection, the session is kept; awaits a message to send or the peer's reconnect. */
    STANDBY,
    /** The server said WAIT; awaits the backoff timer or the peer's winning connection. */
    WAIT,
    /** Over; absorbs every input. */
    CLOSED;

    /** Ceph's "connecting range" (START_CONNECT .. SESSION_RECONNECTING). */
    public boolean connecting() {
        return ordinal() <= SESSION_RECONNECTING.ordinal();
    }

    /** Ceph's "accepting range" (BANNER_ACCEPTING .. SESSION_ACCEPTING). */
    public boolean accepting() {
        return ordinal() >= BANNER_ACCEPTING.ordinal() && ordinal() <= SESSION_ACCEPTING.ordinal();
    }
}
