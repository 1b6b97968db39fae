package io.msgr2.testkit;

import io.msgr2.codec.CodecWireImage;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.SockAddr;
import java.util.Map;

/** Messenger configurations shaped like Ceph's daemons and clients, with auth none. */
public final class Configs {
    private Configs() {}

    /** A client (lossy toward everyone), like librados or the ceph CLI. */
    public static Config client(String id) {
        return base(new EntityName(EntityType.CLIENT, id), -1).defaultPolicy(Policy.LOSSY_CLIENT).build();
    }

    /** A mon: stateless_server toward clients and OSDs, lossless_peer_reuse toward mons. */
    public static Config mon(String id) {
        return base(new EntityName(EntityType.MON, id), 0).defaultPolicy(Policy.STATELESS_SERVER)
                .putPolicies(EntityType.MON, Policy.LOSSLESS_PEER_REUSE).build();
    }

    /** An OSD's cluster messenger: lossless_peer toward other OSDs. */
    public static Config osd(int n) {
        return base(new EntityName(EntityType.OSD, Integer.toString(n)), n).defaultPolicy(Policy.STATELESS_SERVER)
                .putPolicies(EntityType.OSD, Policy.LOSSLESS_PEER).build();
    }

    /** A peer with one policy toward every type (for simulations of a given policy pair). */
    public static Config withPolicy(EntityName name, long gid, Policy policy) {
        return base(name, gid).defaultPolicy(policy).policies(Map.of()).build();
    }

    private static ImmutableConfig.Builder base(EntityName name, long gid) {
        return ImmutableConfig.builder().name(name).gid(gid).auth(AuthConfig.none(name, 0))
                .wireImage(CodecWireImage.INSTANCE);
    }

    /** The same configuration with the shared-key test auth in secure mode (and real signatures). */
    public static Config secure(Config c) {
        return ImmutableConfig.builder().from(c).auth(SharedKeyAuth.secure(Bytes.fromHex("5ec0e7".repeat(8))))
                .build();
    }

    /** {@code v2:10.0.0.<host>:<port>/<nonce>}. */
    public static EntityAddrVec v2(int host, int port, int nonce) {
        return EntityAddrVec.of(new EntityAddr(AddrType.MSGR2, nonce, SockAddr.Inet4.of(10, 0, 0, host, port)));
    }

    /** How a client that has not learned its IP names itself: {@code any:-/nonce}... with a blank IPv4. */
    public static EntityAddrVec clientAddr(int nonce) {
        return EntityAddrVec.of(new EntityAddr(AddrType.ANY, nonce, SockAddr.Inet4.of(0, 0, 0, 0, 0)));
    }
}
