package io.msgr2.codec.frame;

import io.msgr2.codec.Allocator;
import io.msgr2.spec.wire.Bytes;
import java.util.ArrayDeque;

/**
 * The bytes received and not yet decoded, kept as the chunks they arrived in. Reading a
 * run that lies inside one chunk is a view (no copy); a run that spans chunks is copied
 * into one buffer from the {@link Allocator}. A chunk that continues the previous one in the
 * same array (a reader filling one buffer read by read) joins it, so a segment that arrived
 * in many reads is still one view.
 */
final class ByteQueue {
    private final ArrayDeque<Bytes> chunks = new ArrayDeque<>();
    private final Allocator alloc;
    private long available;

    ByteQueue(Allocator alloc) {
        this.alloc = alloc;
    }

    void add(Bytes chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        Bytes last = chunks.peekLast();
        if (last != null && last.unsafeArray() == chunk.unsafeArray()
                && last.unsafeOffset() + last.length() == chunk.unsafeOffset()) {
            chunks.pollLast();
            chunks.addLast(Bytes.wrap(last.unsafeArray(), last.unsafeOffset(), last.length() + chunk.length()));
        } else {
            chunks.addLast(chunk);
        }
        available += chunk.length();
    }

    long available() {
        return available;
    }

    /** The bytes not yet consumed now lie in {@code same} (a copy of them somewhere else). */
    void replace(Bytes same) {
        if (same.length() != available) {
            throw new IllegalArgumentException("replacing " + available + " pending bytes with " + same.length());
        }
        chunks.clear();
        if (!same.isEmpty()) {
            chunks.addLast(same);
        }
    }

    /** The first {@code n} bytes, without consuming them. */
    Bytes peek(int n) {
        Bytes first = chunks.peekFirst();
        if (first != null && first.length() >= n) {
            return first.slice(0, n);
        }
        byte[] out = alloc.allocate(n);
        int at = 0;
        for (Bytes c : chunks) {
            int k = Math.min(c.length(), n - at);
            c.slice(0, k).copyTo(out, at);
            at += k;
            if (at == n) {
                break;
            }
        }
        return Bytes.wrap(out);
    }

    /** The first {@code n} bytes, consumed. */
    Bytes take(int n) {
        Bytes b = peek(n);
        skip(n);
        return b;
    }

    void skip(long n) {
        available -= n;
        while (n > 0) {
            Bytes c = chunks.removeFirst();
            if (c.length() > n) {
                chunks.addFirst(c.slice((int) n));
                return;
            }
            n -= c.length();
        }
    }
}
