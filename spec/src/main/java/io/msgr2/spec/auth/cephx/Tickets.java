package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.UTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cephx client holds between connections ({@code CephXTicketManager}): its global_id
 * and, per service, the session key and the opaque ticket blob the mon gave it. The AUTH
 * ticket (service {@code auth}) came with the mon's AUTH_DONE; service tickets with it as
 * "extra tickets" or later from {@code GET_PRINCIPAL_SESSION_KEY}. It belongs to the whole
 * messenger: a connection to an OSD uses what the mon connection received.
 */
public record Tickets(long globalId, Map<EntityType, Held> held) {
    public static final Tickets NONE = new Tickets(0, Map.of());

    /** One ticket: for {@code service}, usable until {@code expires}, to be renewed after {@code renewAfter}. */
    public record Held(EntityType service, CryptoKey sessionKey, TicketBlob blob, UTime expires, UTime renewAfter) {}

    public Tickets {
        held = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(held));
    }

    public Optional<Held> get(EntityType service) {
        return Optional.ofNullable(held.get(service));
    }

    /** Stores tickets received at {@code now} ({@code expires = now + validity}, renewal at 3/4 of it). */
    public Tickets with(long gid, List<ServiceTicketReply.Entry> entries, UTime now) {
        Map<EntityType, Held> m = new LinkedHashMap<>(held);
        for (ServiceTicketReply.Entry e : entries) {
            long validity = e.validity().secondsUnsigned();
            UTime expires = new UTime((int) (now.secondsUnsigned() + validity), now.nanos());
            UTime renew = new UTime((int) (now.secondsUnsigned() + validity * 3 / 4), now.nanos());
            m.put(e.service(), new Held(e.service(), e.sessionKey(), e.blob(), expires, renew));
        }
        return new Tickets(gid, m);
    }

    /** The services whose tickets are missing or due for renewal at {@code now}, from {@code want}. */
    public int need(int want, UTime now) {
        int need = 0;
        for (EntityType t : Cephx.services(want)) {
            Held h = held.get(t);
            if (h == null || Integer.compareUnsigned(now.seconds(), h.renewAfter().seconds()) >= 0) {
                need |= t.value();
            }
        }
        return need;
    }
}
