package io.msgr2.spec.auth;

import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several auth methods, in order ({@code auth_client_required = cephx, none}): a client
 * tries them in this order (the next one after an AUTH_BAD_METHOD), a server allows all of
 * them and lists them in this order. Modes come from the first method's configuration.
 */
public record AuthMethods(List<AuthConfig> byPreference) implements AuthConfig {
    public AuthMethods {
        byPreference = List.copyOf(byPreference);
        if (byPreference.isEmpty()) {
            throw new IllegalArgumentException("no auth method");
        }
    }

    public static AuthConfig of(List<AuthConfig> configs) {
        return configs.size() == 1 ? configs.get(0) : new AuthMethods(configs);
    }

    @Override
    public List<AuthMethod> clientMethods() {
        List<AuthMethod> out = new ArrayList<>();
        byPreference.forEach(c -> c.clientMethods().stream().filter(m -> !out.contains(m)).forEach(out::add));
        return out;
    }

    @Override
    public List<ConnectionMode> clientModes() {
        return byPreference.get(0).clientModes();
    }

    @Override
    public List<ConnectionMode> clientModes(EntityType peerType) {
        return byPreference.get(0).clientModes(peerType);
    }

    @Override
    public Optional<ClientAuth> client(AuthMethod method, EntityType peerType) {
        return byPreference.stream().filter(c -> c.clientMethods().contains(method)).findFirst()
                .flatMap(c -> c.client(method, peerType));
    }

    @Override
    public List<AuthMethod> serverMethods() {
        List<AuthMethod> out = new ArrayList<>();
        byPreference.forEach(c -> c.serverMethods().stream().filter(m -> !out.contains(m)).forEach(out::add));
        return out;
    }

    @Override
    public List<ConnectionMode> serverModes() {
        List<ConnectionMode> out = new ArrayList<>();
        byPreference.forEach(c -> c.serverModes().stream().filter(m -> !out.contains(m)).forEach(out::add));
        return out;
    }

    @Override
    public List<ConnectionMode> serverModes(AuthMethod method) {
        return byPreference.stream().filter(c -> c.serverMethods().contains(method)).findFirst()
                .map(c -> c.serverModes(method)).orElse(List.of());
    }

    @Override
    public Optional<ServerAuth> server(AuthMethod method) {
        return byPreference.stream().filter(c -> c.serverMethods().contains(method)).findFirst()
                .flatMap(c -> c.server(method));
    }
}
