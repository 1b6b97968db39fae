package io.msgr2.testkit;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.KeyServer;
import io.msgr2.spec.auth.cephx.Keyring;
import io.msgr2.spec.auth.cephx.ServiceTicketReply;
import io.msgr2.spec.auth.cephx.Tickets;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.UTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cephx world for the simulator, all from one seed: every entity's key, a mon's key
 * server with its rotating secrets, and the tickets a mon would have given each entity (so
 * two OSDs can authenticate to each other without a mon in the schedule). Mon-role peers
 * run the real mon authentication; everyone else presents real tickets to real services.
 */
public final class CephxWorld {
    private final KeyServer keyServer;
    private final long seed;

    public CephxWorld(long seed, List<EntityName> names) {
        this(seed, names, CryptoKey.TYPE_AES);
    }

    /** Every entity's key of {@code keyType} (aes, or Tentacle's aes256k). */
    public CephxWorld(long seed, List<EntityName> names, int keyType) {
        this.seed = seed;
        Map<EntityName, Keyring.Entry> entries = new LinkedHashMap<>();
        Entropy e = Entropy.seeded(seed);
        for (EntityName n : names) {
            CryptoKey.Made k = CryptoKey.random(keyType, e, UTime.ZERO);
            e = k.entropy();
            entries.put(n, new Keyring.Entry(k.key(), Map.of("mon", "allow *", "osd", "allow *", "mds", "allow *",
                    "mgr", "allow *")));
        }
        this.keyServer = KeyServer.create(new Keyring(entries), e, UTime.ZERO).keyServer();
    }

    public KeyServer keyServer() {
        return keyServer;
    }

    /** {@code c} with cephx: our key as a client; a key server as a mon, our type's secrets otherwise. */
    public Config apply(Config c, List<ConnectionMode> modes) {
        CryptoKey key = keyServer.keyring().get(c.name()).orElseThrow().key();
        boolean mon = c.name().type().equals(EntityType.MON);
        CephxConfig auth = new CephxConfig(c.name(), Optional.of(key), io.msgr2.spec.auth.cephx.Cephx.WANT_CLIENT,
                modes, modes, modes, mon ? Optional.of(keyServer) : Optional.empty(),
                mon ? Optional.empty() : Optional.of(keyServer.secretsFor(c.name().type())));
        return ImmutableConfig.builder().from(c).auth(auth).build();
    }

    /** The tickets a mon would have issued to {@code name} (global_id {@code gid}) for every service. */
    public Tickets tickets(EntityName name, long gid) {
        Keyring.Entry entity = keyServer.keyring().get(name).orElseThrow();
        List<ServiceTicketReply.Entry> out = new ArrayList<>();
        io.msgr2.spec.auth.cephx.CephxCrypto.Sealer sealer = new io.msgr2.spec.auth.cephx.CephxCrypto.Sealer(
                Entropy.seeded(seed ^ name.hashCode()));
        for (EntityType t : KeyServer.SERVICES) {
            out.add(keyServer.issue(name, gid, t, keyServer.ticketCaps(entity, t), entity.key().type(), sealer,
                    UTime.ZERO).orElseThrow());
        }
        return Tickets.NONE.with(gid, out, UTime.ZERO);
    }
}
