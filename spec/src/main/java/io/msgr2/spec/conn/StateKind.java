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
    START_CONNECT("the backoff timer, then the TCP connection to the peer", "Dialing"),
    BANNER_CONNECTING("the server's banner", "ClientBannerPhase"),
    HELLO_CONNECTING("the server's HELLO", "ClientBannerPhase"),
    AUTH_CONNECTING("AUTH_REPLY_MORE, AUTH_DONE or AUTH_BAD_METHOD", "ClientAuthPhase"),
    AUTH_CONNECTING_SIGN("the server's AUTH_SIGNATURE", "ClientAuthPhase"),
    COMPRESSION_CONNECTING("COMPRESSION_DONE after our COMPRESSION_REQUEST (both banners say COMPRESSION)",
            "ClientCompressionPhase"),
    SESSION_CONNECTING("SERVER_IDENT (or IDENT_MISSING_FEATURES, WAIT) after our CLIENT_IDENT", "ClientSessionPhase"),
    SESSION_RECONNECTING("SESSION_RECONNECT_OK (or RETRY, RETRY_GLOBAL, RESET, WAIT) after our SESSION_RECONNECT",
            "ClientSessionPhase"),
    BANNER_ACCEPTING("the client's banner", "ServerBannerPhase"),
    HELLO_ACCEPTING("the client's HELLO", "ServerBannerPhase"),
    AUTH_ACCEPTING("AUTH_REQUEST", "ServerAuthPhase"),
    AUTH_ACCEPTING_MORE("AUTH_REQUEST_MORE", "ServerAuthPhase"),
    AUTH_ACCEPTING_SIGN("the client's AUTH_SIGNATURE", "ServerAuthPhase"),
    COMPRESSION_ACCEPTING("COMPRESSION_REQUEST (both banners say COMPRESSION)", "ServerCompressionPhase"),
    SESSION_ACCEPTING("CLIENT_IDENT or SESSION_RECONNECT", "ServerSessionPhase + Messenger"),
    READY("MESSAGE, ACK, KEEPALIVE2, KEEPALIVE2_ACK both ways", "ReadyPhase"),
    STANDBY("a message to send or the peer's reconnect; no TCP connection", "Faults"),
    WAIT("the backoff timer or the peer's winning connection, after WAIT; no TCP connection", "Faults"),
    CLOSED("nothing: absorbs every input", "Step");

    private final String awaits;
    private final String handler;

    StateKind(String awaits, String handler) {
        this.awaits = awaits;
        this.handler = handler;
    }

    /** What the state waits for, in one line. */
    public String awaits() {
        return awaits;
    }

    /** The class whose handlers implement the state. */
    public String handler() {
        return handler;
    }

    /** Ceph's "connecting range" (START_CONNECT .. SESSION_RECONNECTING). */
    public boolean connecting() {
        return ordinal() <= SESSION_RECONNECTING.ordinal();
    }

    /** Ceph's "accepting range" (BANNER_ACCEPTING .. SESSION_ACCEPTING). */
    public boolean accepting() {
        return ordinal() >= BANNER_ACCEPTING.ordinal() && ordinal() <= SESSION_ACCEPTING.ordinal();
    }
}
