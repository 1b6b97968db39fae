package io.msgr2.codec;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Arrays kept for reuse by exact size, the most recently returned first, at most {@code keepBytes}
 * bytes of them: the store under {@link RecyclingAllocator} and the transports' shared pool of
 * large arrays. One thread at a time.
 */
public final class SizedArrays {
    private final long keepBytes;
    private final Map<Integer, ArrayDeque<byte[]>> free = new HashMap<>();
    private long kept;

    public SizedArrays(long keepBytes) {
        this.keepBytes = keepBytes;
    }

    /** A kept array of exactly {@code size} bytes (its contents whatever its last user wrote), or a new one. */
    public byte[] take(int size) {
        ArrayDeque<byte[]> q = free.get(size);
        byte[] a = q == null ? null : q.poll();
        if (a == null) {
            return new byte[size];
        }
        kept -= size;
        return a;
    }

    /** Kept for reuse while the store holds less than its limit. */
    public void give(byte[] a) {
        if (kept + a.length <= keepBytes) {
            free.computeIfAbsent(a.length, n -> new ArrayDeque<>()).push(a);
            kept += a.length;
        }
    }

    /** Forgets every array kept. */
    public void clear() {
        free.clear();
        kept = 0;
    }

    /** The bytes kept now. */
    public long kept() {
        return kept;
    }
}
