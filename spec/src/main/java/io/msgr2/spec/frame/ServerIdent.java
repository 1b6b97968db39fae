package io.msgr2.spec.frame;

import io.msgr2.spec.wire.EntityAddrVec;
import java.util.Objects;

/** SERVER_IDENT (server to client): the session is established. The server's addresses, gid, a fresh global_seq, its feature bits, flags (bit 0: lossy) and the server cookie (0 when lossy). */
public record ServerIdent(EntityAddrVec addrs, long gid, long globalSeq, long supportedFeatures, long requiredFeatures, long flags, long serverCookie) implements Frame {
    public ServerIdent {
        Objects.requireNonNull(addrs, "addrs is null");
    }

    public boolean lossy() {
        return (flags & ClientIdent.FLAG_LOSSY) != 0;
    }

    @Override
    public Tag tag() {
        return Tag.SERVER_IDENT;
    }
}
