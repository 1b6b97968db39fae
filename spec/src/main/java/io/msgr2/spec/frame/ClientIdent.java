package io.msgr2.spec.frame;

import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import java.util.Objects;

/** CLIENT_IDENT (client to server): starts a new session. The client's own addresses, the exact address it dialled, its entity number (gid), this attempt's global_seq, its CEPH_FEATURE bits, flags (bit 0: lossy) and the session's client cookie (0 when lossy). */
public record ClientIdent(EntityAddrVec addrs, EntityAddr targetAddr, long gid, long globalSeq, long supportedFeatures, long requiredFeatures, long flags, long clientCookie) implements Frame {
    /** {@code CEPH_MSG_CONNECT_LOSSY}: the sender's policy is lossy. */
    public static final long FLAG_LOSSY = 1;

    public ClientIdent {
        Objects.requireNonNull(addrs, "addrs is null");
        Objects.requireNonNull(targetAddr, "targetAddr is null");
    }

    public boolean lossy() {
        return (flags & FLAG_LOSSY) != 0;
    }

    @Override
    public Tag tag() {
        return Tag.CLIENT_IDENT;
    }
}
