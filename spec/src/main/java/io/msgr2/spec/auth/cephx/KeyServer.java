package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.UTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a mon-role server knows ({@code KeyServer}): the entities' keys and caps, per service
 * type the rotating secrets that seal its tickets, and Tentacle's cipher policy: which key
 * types may authenticate ({@code auth_allowed_ciphers}) and which type new rotating secrets
 * get ({@code auth_service_cipher}). Tickets are issued here, as a pure function of the
 * request, the time and the entropy passed in.
 */
public record KeyServer(Keyring keyring, Map<EntityType, RotatingSecrets> rotating, int authTicketTtl,
                        int serviceTicketTtl, List<Integer> allowedCiphers, int serviceCipher,
                        boolean monCapsInTicket) {
    public static final List<EntityType> SERVICES = List.of(EntityType.AUTH, EntityType.MON, EntityType.OSD,
            EntityType.MGR, EntityType.MDS);
    /** Both key types: Pacific's aes clients and Tentacle's aes256k ones. */
    public static final List<Integer> ALL_CIPHERS = List.of(CryptoKey.TYPE_AES, CryptoKey.TYPE_AES256K);

    public KeyServer {
        rotating = Map.copyOf(rotating);
        allowedCiphers = List.copyOf(allowedCiphers);
    }

    /** Tentacle's key server: the mon ticket carries the mon caps. */
    public KeyServer(Keyring keyring, Map<EntityType, RotatingSecrets> rotating, int authTicketTtl,
                     int serviceTicketTtl, List<Integer> allowedCiphers, int serviceCipher) {
        this(keyring, rotating, authTicketTtl, serviceTicketTtl, allowedCiphers, serviceCipher, true);
    }

    /** Pacific's mon leaves the caps out of the mon ticket (its mons look them up); Tentacle's puts them in. */
    public KeyServer withMonCapsInTicket(boolean on) {
        return new KeyServer(keyring, rotating, authTicketTtl, serviceTicketTtl, allowedCiphers, serviceCipher, on);
    }

    /** Ceph's fresh rotating secrets (aes256k, as Tentacle makes them) for every service, Ceph's ticket lifetimes, both key types allowed. */
    public static Made create(Keyring keyring, Entropy entropy, UTime now) {
        return create(keyring, entropy, now, ALL_CIPHERS, CryptoKey.TYPE_AES256K);
    }

    public static Made create(Keyring keyring, Entropy entropy, UTime now, List<Integer> allowed, int serviceCipher) {
        Map<EntityType, RotatingSecrets> m = new LinkedHashMap<>();
        Entropy e = entropy;
        for (EntityType t : SERVICES) {
            RotatingSecrets.Made r = RotatingSecrets.fresh(serviceCipher, e, now,
                    t.equals(EntityType.AUTH) ? Cephx.AUTH_TICKET_TTL : Cephx.SERVICE_TICKET_TTL);
            m.put(t, r.secrets());
            e = r.entropy();
        }
        return new Made(new KeyServer(keyring, m, Cephx.AUTH_TICKET_TTL, Cephx.SERVICE_TICKET_TTL, allowed,
                serviceCipher), e);
    }

    public record Made(KeyServer keyServer, Entropy entropy) {}

    /** The same, with {@code service}'s tickets sealed by one shared key (a Java service given that key). */
    public KeyServer withServiceKey(EntityType service, CryptoKey key) {
        Map<EntityType, RotatingSecrets> m = new LinkedHashMap<>(rotating);
        m.put(service, RotatingSecrets.single(key));
        return new KeyServer(keyring, m, authTicketTtl, serviceTicketTtl, allowedCiphers, serviceCipher,
                monCapsInTicket);
    }

    /** The same with another allowed-cipher list. */
    public KeyServer withAllowedCiphers(List<Integer> allowed) {
        return new KeyServer(keyring, rotating, authTicketTtl, serviceTicketTtl, allowed, serviceCipher,
                monCapsInTicket);
    }

    /** The secrets a service of {@code type} needs to verify the tickets this key server issues. */
    public ServiceSecrets secretsFor(EntityType type) {
        return new ServiceSecrets(type, Optional.ofNullable(rotating.get(type)).orElse(new RotatingSecrets(Map.of(), 0)),
                Optional.empty());
    }

    /**
     * A new ticket for {@code name} to {@code service}: a session key of {@code sessionKeyType}
     * (Tentacle: the type of the client's own key), and the blob sealed for the service.
     */
    public Optional<ServiceTicketReply.Entry> issue(EntityName name, long globalId, EntityType service, Bytes caps,
                                                    int sessionKeyType, CephxCrypto.Sealer sealer, UTime now) {
        RotatingSecrets rs = rotating.get(service);
        if (rs == null || rs.secrets().isEmpty()) {
            return Optional.empty();
        }
        long id = rs.currentId();
        int ttl = service.equals(EntityType.AUTH) ? authTicketTtl : serviceTicketTtl;
        // as Ceph: the ticket's timestamps first, then the session key (each its own clock reading)
        UTime at = sealer.stamp(now);
        CryptoKey session = sealer.key(sessionKeyType, now);
        AuthTicket t = new AuthTicket(name, globalId, at, new UTime((int) (at.secondsUnsigned() + ttl), at.nanos()),
                false, caps, 0);
        TicketBlob blob = new ServiceTicketInfo(t, session).seal(id, rs.get(id).orElseThrow(), sealer);
        return Optional.of(new ServiceTicketReply.Entry(service, session, new UTime(ttl, 0), blob));
    }

    /**
     * The caps string a ticket for a service carries, from the entity's keyring entry: none
     * in the AUTH ticket; the mon caps in the mon ticket (Tentacle; Pacific left it empty:
     * {@link #monCapsInTicket}).
     */
    public Bytes ticketCaps(Keyring.Entry entity, EntityType service) {
        if (service.equals(EntityType.AUTH) || service.equals(EntityType.MON) && !monCapsInTicket) {
            return Bytes.EMPTY;
        }
        return AuthTicket.capsOf(entity.capsFor(service.cephName()));
    }
}
