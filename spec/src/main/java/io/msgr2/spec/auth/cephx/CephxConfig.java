package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.ClientAuth;
import io.msgr2.spec.auth.ServerAuth;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import java.util.List;
import java.util.Optional;

/**
 * cephx for a messenger: as a client, our name, our key and the tickets we want from a mon;
 * as a server, a {@link KeyServer} (mon role) and/or the {@link ServiceSecrets} of our
 * service type. Modes are in order of preference (client) or allowed (server); Ceph's
 * defaults are {@code secure, crc} toward mons and {@code crc, secure} toward services.
 */
public record CephxConfig(EntityName name, Optional<CryptoKey> key, int want, List<ConnectionMode> monModes,
                          List<ConnectionMode> serviceModes, List<ConnectionMode> serverModes,
                          Optional<KeyServer> keyServer, Optional<ServiceSecrets> service) implements AuthConfig {
    public static final List<ConnectionMode> SECURE_CRC = List.of(ConnectionMode.SECURE, ConnectionMode.CRC);
    public static final List<ConnectionMode> CRC_SECURE = List.of(ConnectionMode.CRC, ConnectionMode.SECURE);

    public CephxConfig {
        monModes = List.copyOf(monModes);
        serviceModes = List.copyOf(serviceModes);
        serverModes = List.copyOf(serverModes);
    }

    /** A client with Ceph's mode preferences that asks a mon for mon, osd and mgr tickets. */
    public static CephxConfig client(EntityName name, CryptoKey key) {
        return new CephxConfig(name, Optional.of(key), Cephx.WANT_CLIENT, SECURE_CRC, CRC_SECURE, CRC_SECURE,
                Optional.empty(), Optional.empty());
    }

    /** A mon-role server (it also dials with {@code key} when given). */
    public static CephxConfig mon(EntityName name, KeyServer keyServer) {
        return new CephxConfig(name, Optional.empty(), Cephx.WANT_CLIENT, SECURE_CRC, CRC_SECURE, CRC_SECURE,
                Optional.of(keyServer), Optional.empty());
    }

    /** A service-role server (osd, mgr, mds). */
    public static CephxConfig service(EntityName name, ServiceSecrets secrets) {
        return new CephxConfig(name, Optional.empty(), Cephx.WANT_CLIENT, SECURE_CRC, CRC_SECURE, CRC_SECURE,
                Optional.empty(), Optional.of(secrets));
    }

    public CephxConfig withKey(CryptoKey k) {
        return new CephxConfig(name, Optional.of(k), want, monModes, serviceModes, serverModes, keyServer, service);
    }

    public CephxConfig withWant(int w) {
        return new CephxConfig(name, key, w, monModes, serviceModes, serverModes, keyServer, service);
    }

    /** The same preference everywhere: toward mons, toward services, and as a server. */
    public CephxConfig withModes(List<ConnectionMode> modes) {
        return new CephxConfig(name, key, want, modes, modes, modes, keyServer, service);
    }

    public CephxConfig withServerModes(List<ConnectionMode> modes) {
        return new CephxConfig(name, key, want, monModes, serviceModes, modes, keyServer, service);
    }

    @Override
    public List<AuthMethod> clientMethods() {
        return List.of(AuthMethod.CEPHX);
    }

    @Override
    public List<ConnectionMode> clientModes() {
        return monModes;
    }

    @Override
    public List<ConnectionMode> clientModes(EntityType peerType) {
        return peerType.equals(EntityType.MON) ? monModes : serviceModes;
    }

    @Override
    public Optional<ClientAuth> client(AuthMethod method, EntityType peerType) {
        if (!method.equals(AuthMethod.CEPHX)) {
            return Optional.empty();
        }
        if (peerType.equals(EntityType.MON)) {
            return key.map(k -> new CephxClient.Mon(name, k, want));
        }
        return Optional.of(new CephxClient.Service(peerType));
    }

    @Override
    public List<AuthMethod> serverMethods() {
        return List.of(AuthMethod.CEPHX);
    }

    @Override
    public List<ConnectionMode> serverModes() {
        return serverModes;
    }

    @Override
    public Optional<ServerAuth> server(AuthMethod method) {
        return method.equals(AuthMethod.CEPHX) && (keyServer.isPresent() || service.isPresent())
                ? Optional.of(new CephxServer(keyServer, service)) : Optional.empty();
    }
}
