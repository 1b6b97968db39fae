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
 * What a mon-role server knows ({@code KeyServer}): the entities' keys and caps, and per
 * service type the rotating secrets that seal its tickets. Tickets are issued here, as a
 * pure function of the request, the time and the entropy passed in.
 */
public record KeyServer(Keyring keyring, Map<EntityType, RotatingSecrets> rotating, int authTicketTtl,
                        int serviceTicketTtl) {
    public static final List<EntityType> SERVICES = List.of(EntityType.AUTH, EntityType.MON, EntityType.OSD,
            EntityType.MGR, EntityType.MDS);

    public KeyServer {
        rotating = Map.copyOf(rotating);
    }

    /** Ceph's fresh rotating secrets for every service, and Ceph's ticket lifetimes. */
    public static Made create(Keyring keyring, Entropy entropy, UTime now) {
        Map<EntityType, RotatingSecrets> m = new LinkedHashMap<>();
        Entropy e = entropy;
        for (EntityType t : SERVICES) {
            RotatingSecrets.Made r = RotatingSecrets.fresh(e, now, t.equals(EntityType.AUTH) ? Cephx.AUTH_TICKET_TTL
                    : Cephx.SERVICE_TICKET_TTL);
            m.put(t, r.secrets());
            e = r.entropy();
        }
        return new Made(new KeyServer(keyring, m, Cephx.AUTH_TICKET_TTL, Cephx.SERVICE_TICKET_TTL), e);
    }

    public record Made(KeyServer keyServer, Entropy entropy) {}

    /** The same, with {@code service}'s tickets sealed by one shared key (a Java service given that key). */
    public KeyServer withServiceKey(EntityType service, CryptoKey key) {
        Map<EntityType, RotatingSecrets> m = new LinkedHashMap<>(rotating);
        m.put(service, RotatingSecrets.single(key));
        return new KeyServer(keyring, m, authTicketTtl, serviceTicketTtl);
    }

    /** The secrets a service of {@code type} needs to verify the tickets this key server issues. */
    public ServiceSecrets secretsFor(EntityType type) {
        return new ServiceSecrets(type, Optional.ofNullable(rotating.get(type)).orElse(new RotatingSecrets(Map.of(), 0)),
                Optional.empty());
    }

    /** A new ticket for {@code name} to {@code service}: its session key, and the blob sealed for the service. */
    public Optional<Issued> issue(EntityName name, long globalId, EntityType service, Bytes caps, Entropy entropy,
                                  UTime now) {
        RotatingSecrets rs = rotating.get(service);
        if (rs == null || rs.secrets().isEmpty()) {
            return Optional.empty();
        }
        long id = rs.currentId();
        int ttl = service.equals(EntityType.AUTH) ? authTicketTtl : serviceTicketTtl;
        CryptoKey.Made session = CryptoKey.random(entropy, now);
        AuthTicket t = new AuthTicket(name, globalId, now, new UTime((int) (now.secondsUnsigned() + ttl), now.nanos()),
                false, caps, 0);
        TicketBlob blob = new ServiceTicketInfo(t, session.key()).seal(id, rs.get(id).orElseThrow());
        return Optional.of(new Issued(new ServiceTicketReply.Entry(service, session.key(), new UTime(ttl, 0), blob),
                session.entropy()));
    }

    public record Issued(ServiceTicketReply.Entry entry, Entropy entropy) {}

    /** The caps string for a service, from the entity's keyring entry (none in the AUTH and mon tickets). */
    public Bytes ticketCaps(Keyring.Entry entity, EntityType service) {
        if (service.equals(EntityType.AUTH) || service.equals(EntityType.MON)) {
            return Bytes.EMPTY;
        }
        return AuthTicket.capsOf(entity.capsFor(service.cephName()));
    }
}
