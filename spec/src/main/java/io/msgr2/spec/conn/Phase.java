package io.msgr2.spec.conn;

import io.msgr2.spec.auth.ClientAuth;
import io.msgr2.spec.auth.ServerAuth;
import io.msgr2.spec.wire.ConnectionMode;

/**
 * The protocol state of a connection, one record per Ceph state, each holding only what is
 * valid in it. The states with a live TCP connection carry its {@link Link}.
 */
public sealed interface Phase {
    StateKind kind();

    /** A state with a live TCP connection. */
    sealed interface Linked extends Phase {
        Link link();
    }

    /** Awaits the backoff timer ({@code dialing} false), then the TCP connection ({@code dialing} true). */
    record StartConnect(boolean dialing) implements Phase {
        public StateKind kind() {
            return StateKind.START_CONNECT;
        }
    }

    /**
     * Awaits the server's banner. {@code pipelined}: our HELLO and first AUTH_REQUEST went out
     * with our banner (optimistic pipelining), and this is that auth method's machine.
     */
    record BannerConnecting(Link link, java.util.Optional<ClientAuth> pipelined) implements Linked {
        public BannerConnecting(Link link) {
            this(link, java.util.Optional.empty());
        }

        public StateKind kind() {
            return StateKind.BANNER_CONNECTING;
        }
    }

    /** Awaits the server's HELLO ({@code pipelined}: our AUTH_REQUEST is already out). */
    record HelloConnecting(Link link, java.util.Optional<ClientAuth> pipelined) implements Linked {
        public HelloConnecting(Link link) {
            this(link, java.util.Optional.empty());
        }

        public StateKind kind() {
            return StateKind.HELLO_CONNECTING;
        }
    }

    /** Awaits AUTH_REPLY_MORE, AUTH_DONE or AUTH_BAD_METHOD; {@code auth} is the method's machine. */
    record AuthConnecting(Link link, ClientAuth auth) implements Linked {
        public StateKind kind() {
            return StateKind.AUTH_CONNECTING;
        }
    }

    /** Awaits the server's AUTH_SIGNATURE (ours is sent). */
    record AuthConnectingSign(Link link) implements Linked {
        public StateKind kind() {
            return StateKind.AUTH_CONNECTING_SIGN;
        }
    }

    /** Awaits COMPRESSION_DONE; what our COMPRESSION_REQUEST asked for. */
    record CompressionConnecting(Link link, boolean asked, java.util.List<io.msgr2.spec.wire.CompressionMethod> offered)
            implements Linked {
        public StateKind kind() {
            return StateKind.COMPRESSION_CONNECTING;
        }
    }

    /** Awaits COMPRESSION_REQUEST. */
    record CompressionAccepting(Link link) implements Linked {
        public StateKind kind() {
            return StateKind.COMPRESSION_ACCEPTING;
        }
    }

    /** Awaits SERVER_IDENT, IDENT_MISSING_FEATURES or WAIT. */
    record SessionConnecting(Link link) implements Linked {
        public StateKind kind() {
            return StateKind.SESSION_CONNECTING;
        }
    }

    /** Awaits SESSION_RECONNECT_OK, SESSION_RETRY, SESSION_RETRY_GLOBAL, SESSION_RESET or WAIT. */
    record SessionReconnecting(Link link) implements Linked {
        public StateKind kind() {
            return StateKind.SESSION_RECONNECTING;
        }
    }

    /** Awaits the client's banner (ours is sent). */
    record BannerAccepting(Link link) implements Linked {
        public StateKind kind() {
            return StateKind.BANNER_ACCEPTING;
        }
    }

    /** Awaits the client's HELLO. */
    record HelloAccepting(Link link) implements Linked {
        public StateKind kind() {
            return StateKind.HELLO_ACCEPTING;
        }
    }

    /** Awaits AUTH_REQUEST. */
    record AuthAccepting(Link link) implements Linked {
        public StateKind kind() {
            return StateKind.AUTH_ACCEPTING;
        }
    }

    /** Awaits AUTH_REQUEST_MORE for {@code auth}, in the mode already picked. */
    record AuthAcceptingMore(Link link, ServerAuth auth, ConnectionMode mode) implements Linked {
        public StateKind kind() {
            return StateKind.AUTH_ACCEPTING_MORE;
        }
    }

    /** Awaits the client's AUTH_SIGNATURE (AUTH_DONE and ours are sent). */
    record AuthAcceptingSign(Link link) implements Linked {
        public StateKind kind() {
            return StateKind.AUTH_ACCEPTING_SIGN;
        }
    }

    /** Awaits CLIENT_IDENT or SESSION_RECONNECT. */
    record SessionAccepting(Link link) implements Linked {
        public StateKind kind() {
            return StateKind.SESSION_ACCEPTING;
        }
    }

    /** The session is up. */
    record Ready(Link link) implements Linked {
        public StateKind kind() {
            return StateKind.READY;
        }
    }

    /** No TCP connection; the session waits for a message to send or for the peer. */
    record Standby() implements Phase {
        public StateKind kind() {
            return StateKind.STANDBY;
        }
    }

    /** The server said WAIT; awaits the backoff timer or the peer's winning connection. */
    record Wait() implements Phase {
        public StateKind kind() {
            return StateKind.WAIT;
        }
    }

    /** Over. */
    record Closed(CloseReason reason) implements Phase {
        public StateKind kind() {
            return StateKind.CLOSED;
        }
    }
}
