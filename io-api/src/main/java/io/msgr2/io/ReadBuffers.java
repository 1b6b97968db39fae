package io.msgr2.io;

/**
 * How a stack sizes the arrays it reads into. The decoder keeps views into them (a received
 * segment is never copied while it lies in one array), so a full array is replaced, not
 * reused. An idle connection starts small; under a stream of data each new array doubles, up
 * to 4 MiB, so few frames straddle two arrays (those are copied once).
 */
public final class ReadBuffers {
    public static final int IDLE = 8 * 1024;
    public static final int MAX = 4 * 1024 * 1024;

    private ReadBuffers() {}

    /** The size of the next read array after one of {@code previous} bytes, for at least {@code needed} bytes. */
    public static int next(int previous, long needed, boolean idle) {
        long size = idle ? IDLE : Math.min(MAX, 2L * previous);
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(size, needed));
    }
}
