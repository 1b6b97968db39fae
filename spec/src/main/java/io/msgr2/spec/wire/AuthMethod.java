package io.msgr2.spec.wire;

/** {@code CEPH_AUTH_*}: the authentication method named in AUTH_REQUEST and AUTH_BAD_METHOD. */
public record AuthMethod(int value) {
    public static final AuthMethod UNKNOWN = new AuthMethod(0);
    public static final AuthMethod NONE = new AuthMethod(1);
    public static final AuthMethod CEPHX = new AuthMethod(2);
    public static final AuthMethod GSS = new AuthMethod(4);

    public String cephName() {
        return switch (value) {
            case 0 -> "unknown";
            case 1 -> "none";
            case 2 -> "cephx";
            case 4 -> "gss";
            default -> "method(" + Integer.toUnsignedString(value) + ")";
        };
    }

    @Override
    public String toString() {
        return cephName();
    }
}
