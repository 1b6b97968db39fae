package io.msgr2.spec.frame;

import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import java.util.Objects;

/** AUTH_DONE (server to client): authentication succeeded; the client's global_id, the connection mode the server chose, and the method's final payload (cephx: session key, ticket, connection secret). The last plaintext frame. */
public record AuthDone(long globalId, ConnectionMode mode, Bytes payload) implements Frame {
    public AuthDone {
        Objects.requireNonNull(mode, "mode is null");
        Objects.requireNonNull(payload, "payload is null");
    }

    @Override
    public Tag tag() {
        return Tag.AUTH_DONE;
    }
}
