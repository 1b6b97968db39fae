package io.msgr2.conform.probe;

import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import java.util.List;
import java.util.Optional;

/**
 * Who the probe authenticates as when a scenario needs a real session: auth none as
 * {@code name} without a key, cephx with one. Scenarios that need what the server refuses
 * (auth none on a cephx-only mon, secure mode without a key) are skipped, saying so.
 */
public record Credentials(EntityName name, Optional<CryptoKey> key, Optional<java.net.InetSocketAddress> mon) {
    public Credentials(EntityName name, Optional<CryptoKey> key) {
        this(name, key, Optional.empty());
    }

    /** client.admin with auth none. */
    public static final Credentials NONE = new Credentials(new EntityName(EntityType.CLIENT, "admin"), Optional.empty());

    /** The auth to offer, limited to {@code modes} (auth none is crc only). */
    AuthConfig auth(List<ConnectionMode> modes) {
        return key.<AuthConfig>map(k -> CephxConfig.client(name, k).withModes(modes))
                .orElseGet(() -> AuthConfig.none(name, 0));
    }

    String describe() {
        return key.isPresent() ? "cephx as " + name : "auth none as " + name;
    }
}
