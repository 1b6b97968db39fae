package io.msgr2.spec.frame;

import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import java.util.List;
import java.util.Objects;

/** AUTH_REQUEST (client to server): the auth method, the connection modes the client prefers (in order), and the method's opaque payload (for a mon: AUTH_MODE_MON, entity name, global_id, ...; for a service: the authorizer). */
public record AuthRequest(AuthMethod method, List<ConnectionMode> preferredModes, Bytes payload) implements Frame {
    public AuthRequest {
        Objects.requireNonNull(method, "method is null");
        preferredModes = List.copyOf(preferredModes);
        Objects.requireNonNull(payload, "payload is null");
    }

    @Override
    public Tag tag() {
        return Tag.AUTH_REQUEST;
    }
}
