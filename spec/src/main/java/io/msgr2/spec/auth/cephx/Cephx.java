package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.wire.EntityType;
import java.util.ArrayList;
import java.util.List;

/** cephx's constants: request types, auth modes, errno values and the service bit mask. */
public final class Cephx {
    /** {@code CEPHX_GET_AUTH_SESSION_KEY}: authenticate (proof over the challenges). */
    public static final int GET_AUTH_SESSION_KEY = 0x0100;
    /** {@code CEPHX_GET_PRINCIPAL_SESSION_KEY}: service tickets, asked with the AUTH ticket. */
    public static final int GET_PRINCIPAL_SESSION_KEY = 0x0200;
    /** {@code CEPHX_GET_ROTATING_KEY}: a daemon fetches its service's rotating secrets. */
    public static final int GET_ROTATING_KEY = 0x0400;

    /** {@code AUTH_MODE_AUTHORIZER}..{@code _MAX}: the first byte of a service's auth payload. */
    public static final int AUTH_MODE_AUTHORIZER = 1;
    public static final int AUTH_MODE_AUTHORIZER_MAX = 9;
    /** {@code AUTH_MODE_MON}..{@code _MAX}: the first byte of a mon's auth payload. */
    public static final int AUTH_MODE_MON = 10;
    public static final int AUTH_MODE_MON_MAX = 19;

    /** {@code secret_id} -1: the ticket is sealed with the service entity's own key. */
    public static final long SECRET_ID_OWN_KEY = -1L;
    /** {@code CEPH_AUTH_UID_DEFAULT}: the auid every ticket carries. */
    public static final long AUID_DEFAULT = -1L;

    public static final int EPERM = 1;
    public static final int EIO = 5;
    public static final int EACCES = 13;
    public static final int EINVAL = 22;

    /** Ceph's defaults: {@code auth_mon_ticket_ttl} (72 h) and {@code auth_service_ticket_ttl} (1 h). */
    public static final int AUTH_TICKET_TTL = 259200;
    public static final int SERVICE_TICKET_TTL = 3600;

    /** What a {@code rados}/{@code ceph} session asks the mon for: mon, osd, mgr and auth tickets. */
    public static final int WANT_CLIENT = EntityType.MON.value() | EntityType.OSD.value() | EntityType.MGR.value()
            | EntityType.AUTH.value();

    /** Length of the connection secret a secure-mode connection gets (Ceph's 64). */
    public static final int CONNECTION_SECRET_LEN = 64;

    private Cephx() {}

    /** The services named by a key mask, lowest bit first. */
    public static List<EntityType> services(int mask) {
        List<EntityType> out = new ArrayList<>();
        for (int bit = 1; bit <= 0x80; bit <<= 1) {
            if ((mask & bit) != 0) {
                out.add(new EntityType(bit));
            }
        }
        return out;
    }
}
