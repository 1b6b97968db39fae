package io.msgr2.codec;

import java.util.ArrayList;
import java.util.List;

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
    private final SizedArrays free;
    private final ArrayPool large;
    private final List<byte[]> lent = new ArrayList<>();

    public RecyclingAllocator(long keepBytes) {
        this(keepBytes, null);
    }

    /** {@code large}: where arrays of {@link ArrayPool#LARGE} bytes or more are kept (null: here, as the others). */
    public RecyclingAllocator(long keepBytes, ArrayPool large) {
        this.free = new SizedArrays(keepBytes);
        this.large = large;
    }

    @Override
    public byte[] allocate(int size) {
        byte[] a = large != null && size >= ArrayPool.LARGE ? large.take(size) : free.take(size);
        lent.add(a);
        return a;
    }

    /** Every array handed out since the last call may be handed out again. */
    public void recycle() {
        for (byte[] a : lent) {
            if (large != null && a.length >= ArrayPool.LARGE) {
                large.give(a);
            } else {
                free.give(a);
            }
        }
        lent.clear();
    }

    /** Forgets every array kept for reuse. */
    public void release() {
        free.clear();
    }
}
