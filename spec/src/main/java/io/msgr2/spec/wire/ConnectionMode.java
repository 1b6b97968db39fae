package io.msgr2.spec.wire;

/**
 * {@code CEPH_CON_MODE_*}: crc (integrity by CRC32C only) or secure (AES-128-GCM), chosen
 * by the server in AUTH_DONE from the client's preference list.
 */
public record ConnectionMode(int value) {
    public static final ConnectionMode UNKNOWN = new ConnectionMode(0);
    public static final ConnectionMode CRC = new ConnectionMode(1);
    public static final ConnectionMode SECURE = new ConnectionMode(2);

    public String cephName() {
        return switch (value) {
            case 0 -> "unknown";
            case 1 -> "crc";
            case 2 -> "secure";
            default -> "mode(" + Integer.toUnsignedString(value) + ")";
        };
    }

    @Override
    public String toString() {
        return cephName();
    }
}
