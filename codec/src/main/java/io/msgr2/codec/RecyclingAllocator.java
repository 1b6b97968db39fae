package io.msgr2.codec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Allocator} whose arrays are handed out again once their user says it is done
 * with them ({@link #recycle}): a transport decrypting a stream of frames of the same size
 * reuses a few warm arrays instead of zeroing a new one for each. At most {@code keepBytes}
 * bytes are kept for reuse; {@link #release} drops them all (an idle connection holds
 * none). Reused arrays are not cleared: every user of the codec's allocator writes the part
 * it exposes before exposing it. Arrays of {@link ArrayPool#LARGE} bytes or more come from
 * and go back to an {@link ArrayPool}, when one is given, which many allocators share (they do
 * not count against {@code keepBytes}). One thread at a time.
 */
public final class RecyclingAllocator implements Allocator {
    private final long keepBytes;
    private final ArrayPool large;
    private final Map<Integer, ArrayDeque<byte[]>> free = new HashMap<>();
    private final List<byte[]> lent = new ArrayList<>();
    private long kept;

    public RecyclingAllocator(long keepBytes) {
        this(keepBytes, null);
    }

    /** {@code large}: where arrays of {@link ArrayPool#LARGE} bytes or more are kept (null: here, as the others). */
    public RecyclingAllocator(long keepBytes, ArrayPool large) {
        this.keepBytes = keepBytes;
        this.large = large;
    }

    @Override
    public byte[] allocate(int size) {
        if (large != null && size >= ArrayPool.LARGE) {
            byte[] a = large.take(size);
            lent.add(a);
            return a;
        }
        ArrayDeque<byte[]> q = free.get(size);
        byte[] a = q == null ? null : q.poll();
        if (a == null) {
            a = new byte[size];
        } else {
            kept -= size;
        }
        lent.add(a);
        return a;
    }

    /** Every array handed out since the last call may be handed out again. */
    public void recycle() {
        for (byte[] a : lent) {
            if (large != null && a.length >= ArrayPool.LARGE) {
                large.give(a);
            } else if (kept + a.length <= keepBytes) {
                free.computeIfAbsent(a.length, n -> new ArrayDeque<>()).push(a);
                kept += a.length;
            }
        }
        lent.clear();
    }

    /** Forgets every array kept for reuse. */
    public void release() {
        free.clear();
        kept = 0;
    }
}
