package io.msgr2.codec;

/**
 * Where {@link RecyclingAllocator}s take arrays of {@link #LARGE} bytes or more from and give
 * them back to: one pool that the allocators of many connections share, so that a stream of
 * large frames reuses warm arrays while the total kept stays bounded. An implementation
 * shared by connections on several threads must be thread-safe (the transports' is).
 */
public interface ArrayPool {
    /** Arrays of at least this many bytes go through the pool. */
    int LARGE = 1 << 20;

    /** An array of exactly {@code size} bytes: a kept one (its contents whatever its last user wrote) or a new one. */
    byte[] take(int size);

    /** Its user is done with {@code a}: the pool may keep it for a later {@link #take}. */
    void give(byte[] a);
}
