package io.msgr2.spec.wire;

/** {@code entity_addr_t::TYPE_*}: which messenger protocol an address speaks. */
public record AddrType(int value) {
    public static final AddrType NONE = new AddrType(0);
    public static final AddrType LEGACY = new AddrType(1);
    public static final AddrType MSGR2 = new AddrType(2);
    public static final AddrType ANY = new AddrType(3);
    public static final AddrType CIDR = new AddrType(4);

    /** The prefix Ceph prints ({@code entity_addr_t::get_type_name}). */
    public String cephName() {
        return switch (value) {
            case 0 -> "none";
            case 1 -> "v1";
            case 2 -> "v2";
            case 3 -> "any";
            case 4 -> "cidr";
            default -> "type(" + Integer.toUnsignedString(value) + ")";
        };
    }

    @Override
    public String toString() {
        return cephName();
    }
}
