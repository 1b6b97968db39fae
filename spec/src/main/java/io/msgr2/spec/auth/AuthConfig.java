package io.msgr2.spec.auth;

import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import java.util.List;
import java.util.Optional;

/**
 * Which auth methods and connection modes a messenger offers (as a client, in order of
 * preference) and allows (as a server), and how it builds the machine for each.
 */
public interface AuthConfig {
    /** Client: methods to try, in order. */
    List<AuthMethod> clientMethods();

    /** Client: connection modes, in order of preference. */
    List<ConnectionMode> clientModes();

    /**
     * Client: the modes to offer a peer of {@code peerType}; Ceph keeps two lists
     * ({@code ms_mon_client_mode} toward mons, {@code ms_client_mode} toward the rest).
     */
    default List<ConnectionMode> clientModes(EntityType peerType) {
        return clientModes();
    }

    /** Client: the machine for {@code method} toward a peer of {@code peerType} (a mon gets the mon payload). */
    Optional<ClientAuth> client(AuthMethod method, EntityType peerType);

    /** Server: methods allowed, in order (AUTH_BAD_METHOD lists them). */
    List<AuthMethod> serverMethods();

    /** Server: connection modes allowed. */
    List<ConnectionMode> serverModes();

    /** Server: the modes allowed with {@code method} (no secure mode without a session key). */
    default List<ConnectionMode> serverModes(AuthMethod method) {
        return serverMethods().contains(method) ? modesFor(method, serverModes()) : List.of();
    }

    /** Server: the machine for {@code method}. */
    Optional<ServerAuth> server(AuthMethod method);

    /** Auth none both ways, crc mode only, for {@code name}; a mon-role server assigns global ids. */
    static AuthConfig none(EntityName name, long globalId) {
        return new AuthNone.Config(name, globalId);
    }

    /**
     * {@code AuthRegistry::get_supported_modes}: the modes usable with a method. Without a
     * session key (auth none) there is no secure mode.
     */
    static List<ConnectionMode> modesFor(AuthMethod method, List<ConnectionMode> modes) {
        return method.equals(AuthMethod.NONE)
                ? modes.stream().filter(ConnectionMode.CRC::equals).toList()
                : modes;
    }

    /**
     * {@code AuthRegistry::pick_mode}: the first of the client's preferred modes that the
     * server allows, or UNKNOWN when there is none.
     */
    static ConnectionMode pickMode(List<ConnectionMode> preferred, List<ConnectionMode> allowed) {
        return preferred.stream().filter(allowed::contains).findFirst().orElse(ConnectionMode.UNKNOWN);
    }
}
