package io.msgr2.spec.session;

import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityType;

/**
 * Who is at the other end: the entity type from HELLO, the number from the IDENT gid, the
 * peer's own addresses (the registry key) and the CEPH_FEATURE bits both sides share.
 */
public record Peer(EntityType type, long gid, EntityAddrVec addrs, long features) {
    public static Peer unknown(EntityType type, EntityAddrVec addrs) {
        return new Peer(type, -1, addrs, 0);
    }

    public Peer withIdent(long newGid, EntityAddrVec newAddrs, long newFeatures) {
        return new Peer(type, newGid, newAddrs, newFeatures);
    }

    public Peer withType(EntityType t) {
        return new Peer(t, gid, addrs, features);
    }
}
