package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.wire.EntityType;
import java.util.Optional;

/**
 * What a service-role server (osd, mgr, mds) needs to verify authorizers: the rotating
 * secrets of its type (from {@code GET_ROTATING_KEY}, or shared with a Java mon) and, for
 * tickets with secret_id -1, its own entity key.
 */
public record ServiceSecrets(EntityType service, RotatingSecrets rotating, Optional<CryptoKey> ownKey) {
    /** A service that seals and opens every ticket with one key (secret id 1, and -1). */
    public static ServiceSecrets single(EntityType service, CryptoKey key) {
        return new ServiceSecrets(service, RotatingSecrets.single(key), Optional.of(key));
    }

    public Optional<CryptoKey> lookup(long secretId) {
        return secretId == Cephx.SECRET_ID_OWN_KEY ? ownKey : rotating.get(secretId);
    }
}
