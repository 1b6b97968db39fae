package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.UTime;

/**
 * {@code AuthTicket}: who a ticket is for and what it allows, sealed inside the ticket blob
 * where only the service can read it.
 *
 * <pre>
 * u8 2 | EntityName (le32 type, string id) | le64 global_id | le64 auid (-1)
 *      | utime created | utime expires
 *      | AuthCapsInfo (u8 1, u8 allow_all, bl caps) | le32 flags
 * </pre>
 *
 * {@code caps} is the entity's capability string for that service, itself encoded as a
 * string inside the bufferlist (empty for the AUTH and mon tickets).
 */
public record AuthTicket(EntityName name, long globalId, UTime created, UTime expires, boolean allowAll, Bytes caps,
                         int flags) {
    public void encode(DencWriter w) {
        w.u8(2);
        w.u32(name.type().value()).string(name.id());
        w.u64(globalId).u64(Cephx.AUID_DEFAULT);
        w.u32(created.seconds()).u32(created.nanos());
        w.u32(expires.seconds()).u32(expires.nanos());
        w.u8(1).bool(allowAll).blob(caps);
        w.u32(flags);
    }

    public static AuthTicket decode(DencReader r) {
        int v = r.u8();
        int type = r.u32();
        String id = r.string();
        long gid = r.u64();
        if (v >= 2) {
            r.u64();
        }
        UTime created = new UTime(r.u32(), r.u32());
        UTime expires = new UTime(r.u32(), r.u32());
        r.u8();
        boolean all = r.bool();
        Bytes caps = r.blob();
        int flags = r.u32();
        EntityType t = type >= 0 && type <= 0xff ? new EntityType(type) : EntityType.ANY;
        return new AuthTicket(new EntityName(t, id), gid, created, expires, all, caps, flags);
    }

    /** A capability string as a ticket carries it: the string encoded inside the bufferlist. */
    public static Bytes capsOf(String caps) {
        return caps.isEmpty() ? Bytes.EMPTY : new DencWriter().string(caps).toBytes();
    }

    /** The capability string in {@link #caps()}, or "" when there is none. */
    public String capsString() {
        if (caps.isEmpty()) {
            return "";
        }
        DencReader r = new DencReader(caps);
        String s = r.string();
        return r.failed() ? "" : s;
    }
}
