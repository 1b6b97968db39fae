package io.msgr2.spec.wire;

import java.util.List;
import java.util.Optional;

/**
 * {@code entity_addrvec_t}: every address a messenger listens on, e.g. {@code [v2:..., v1:...]}
 * for a daemon bound to both protocols, or one {@code any:} entry for a client.
 */
public record EntityAddrVec(List<EntityAddr> addrs) {
    public static final EntityAddrVec EMPTY = new EntityAddrVec(List.of());

    public EntityAddrVec {
        addrs = List.copyOf(addrs);
    }

    public static EntityAddrVec of(EntityAddr... addrs) {
        return new EntityAddrVec(List.of(addrs));
    }

    public boolean isEmpty() {
        return addrs.isEmpty();
    }

    public boolean contains(EntityAddr a) {
        return addrs.contains(a);
    }

    /** The first address of the given type ({@code addr_of_type}). */
    public Optional<EntityAddr> ofType(AddrType type) {
        return addrs.stream().filter(a -> a.type().equals(type)).findFirst();
    }

    /** {@code msgr2_addr()}: the first v2 address, or a blank one when there is none. */
    public EntityAddr msgr2Addr() {
        return ofType(AddrType.MSGR2).orElse(EntityAddr.BLANK);
    }

    @Override
    public String toString() {
        return addrs.toString();
    }
}
