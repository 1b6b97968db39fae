package io.msgr2.spec.frame;

import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import java.util.List;
import java.util.Objects;

/** AUTH_BAD_METHOD (server to client): the method was refused with {@code result} (a negative errno); these are the methods and modes the server allows. */
public record AuthBadMethod(AuthMethod method, int result, List<AuthMethod> allowedMethods, List<ConnectionMode> allowedModes) implements Frame {
    public AuthBadMethod {
        Objects.requireNonNull(method, "method is null");
        allowedMethods = List.copyOf(allowedMethods);
        allowedModes = List.copyOf(allowedModes);
    }

    @Override
    public Tag tag() {
        return Tag.AUTH_BAD_METHOD;
    }
}
