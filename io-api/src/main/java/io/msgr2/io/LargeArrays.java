package io.msgr2.io;

import io.msgr2.codec.ArrayPool;
import io.msgr2.codec.RecyclingAllocator;
import io.msgr2.codec.SizedArrays;

/**
 * A messenger's {@link ArrayPool}: large arrays (1 MiB and more) kept for reuse by the
 * {@link RecyclingAllocator}s of its connections, at most {@code keepBytes} bytes of them in all: a connection sending or
 * receiving a stream of large secure frames reuses warm arrays instead of zeroing a new one
 * for each (a fresh 4 MiB array per frame cost about a quarter of the secure one-way
 * throughput at 4 MiB), while an idle connection keeps none of them. Arrays are kept by
 * exact size, the most recently returned first. Thread-safe.
 */
public final class LargeArrays implements ArrayPool {
    private final SizedArrays arrays;

    public LargeArrays(long keepBytes) {
        this.arrays = new SizedArrays(keepBytes);
    }

    @Override
    public synchronized byte[] take(int size) {
        return arrays.take(size);
    }

    /** Kept for reuse while the pool holds less than its limit. */
    @Override
    public synchronized void give(byte[] a) {
        arrays.give(a);
    }

    /** The bytes kept now. */
    public synchronized long kept() {
        return arrays.kept();
    }
}
