package io.msgr2.spec.wire;

/**
 * {@code CEPH_ENTITY_TYPE_*}: what kind of daemon or client a peer is. Sent as a u8 in HELLO
 * and as a le32 inside auth-layer entity names. Unknown values are kept, not rejected: the
 * protocol layer only compares them.
 */
public record EntityType(int value) {
    public static final EntityType MON = new EntityType(0x01);
    public static final EntityType MDS = new EntityType(0x02);
    public static final EntityType OSD = new EntityType(0x04);
    public static final EntityType CLIENT = new EntityType(0x08);
    public static final EntityType MGR = new EntityType(0x10);
    public static final EntityType AUTH = new EntityType(0x20);
    public static final EntityType ANY = new EntityType(0xff);

    public EntityType {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("entity type is a u8: " + value);
        }
    }

    /** Ceph's short name ({@code ceph_entity_type_name}): mon, mds, osd, client, mgr, auth. */
    public String cephName() {
        return switch (value) {
            case 0x01 -> "mon";
            case 0x02 -> "mds";
            case 0x04 -> "osd";
            case 0x08 -> "client";
            case 0x10 -> "mgr";
            case 0x20 -> "auth";
            case 0xff -> "any";
            default -> "unknown(" + value + ")";
        };
    }

    /** The type for a name like "osd" or "client"; empty when Ceph has no such type. */
    public static java.util.Optional<EntityType> byName(String name) {
        return switch (name) {
            case "mon" -> java.util.Optional.of(MON);
            case "mds" -> java.util.Optional.of(MDS);
            case "osd" -> java.util.Optional.of(OSD);
            case "client" -> java.util.Optional.of(CLIENT);
            case "mgr" -> java.util.Optional.of(MGR);
            case "auth" -> java.util.Optional.of(AUTH);
            default -> java.util.Optional.empty();
        };
    }

    @Override
    public String toString() {
        return cephName();
    }
}
