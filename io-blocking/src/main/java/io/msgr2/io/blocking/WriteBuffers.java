package io.msgr2.io.blocking;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Coalesces a writer's chunks into one socket write per batch (or per 256 KiB), with a buffer
 * borrowed from a process-wide pool for the batch and returned after it: an idle connection
 * holds no write buffer. Chunks of half the buffer or more are written directly. A frame of
 * up to 128 KiB (its head, its data, its epilogue) so takes one write instead of three: a
 * copy in memory costs less than a system call and a TCP segment.
 */
final class WriteBuffers {
    static final int SIZE = 256 * 1024;
    private static final int POOLED = Runtime.getRuntime().availableProcessors();
    private static final ConcurrentLinkedQueue<byte[]> POOL = new ConcurrentLinkedQueue<>();

    private final OutputStream out;
    private byte[] buf;
    private int used;

    WriteBuffers(OutputStream out) {
        this.out = out;
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (len >= SIZE / 2) {
            flushBuffer();
            out.write(b, off, len);
            return;
        }
        if (buf == null) {
            buf = POOL.poll();
            if (buf == null) {
                buf = new byte[SIZE];
            }
        } else if (used + len > buf.length) {
            flushBuffer();
        }
        System.arraycopy(b, off, buf, used, len);
        used += len;
    }

    private void flushBuffer() throws IOException {
        if (used > 0) {
            out.write(buf, 0, used);
            used = 0;
        }
    }

    /** Writes what is buffered and gives the buffer back to the pool. */
    void flush() throws IOException {
        try {
            flushBuffer();
            out.flush();
        } finally {
            used = 0;
            if (buf != null && POOL.size() < POOLED) {
                POOL.offer(buf);
            }
            buf = null;
        }
    }
}
