package io.msgr2.spec.wire;

/** {@code utime_t} / {@code ceph_timespec}: le32 seconds and le32 nanoseconds, both unsigned. */
public record UTime(int seconds, int nanos) {
    public static final UTime ZERO = new UTime(0, 0);

    public long secondsUnsigned() {
        return Integer.toUnsignedLong(seconds);
    }

    public long nanosUnsigned() {
        return Integer.toUnsignedLong(nanos);
    }

    @Override
    public String toString() {
        return secondsUnsigned() + "." + String.format("%09d", nanosUnsigned());
    }
}
