package io.msgr2.interop;

import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A msgr2 proxy on 127.0.0.1 (msgr2.1, crc mode) that holds everything for a fixed one-way
 * delay in each direction, so the time from accepting a connection to the client's first
 * MESSAGE is (round trips x 2 x delay) plus processing: round trips can be counted from a
 * clock. Every byte passes unchanged but the identity frames' addresses ({@link IdentRewriter}).
 */
final class DelayProxy implements AutoCloseable {
    private final ServerSocket ss;
    private final InetSocketAddress upstream;
    private final long delayNanos;
    private final CountDownLatch firstMessage = new CountDownLatch(1);
    private volatile long acceptedAt;
    private volatile long firstMessageAt;
    private volatile boolean measured;

    DelayProxy(InetSocketAddress upstream, long delayMillis) throws IOException {
        this.upstream = upstream;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(this::acceptLoop);
    }

    int port() {
        return ss.getLocalPort();
    }

    /** Round trips from TCP connect to the client's first MESSAGE: one for TCP, then the msgr2 ones. */
    long roundTrips(long timeoutMillis) throws InterruptedException {
        if (!firstMessage.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return -1;
        }
        return 1 + Math.round((firstMessageAt - acceptedAt) / (2.0 * delayNanos));
    }

    double elapsedMillis() {
        return (firstMessageAt - acceptedAt) / 1e6;
    }

    private void acceptLoop() {
        while (!ss.isClosed()) {
            try {
                Socket c = ss.accept();
                boolean first = !measured;
                measured = true;
                if (first) {
                    acceptedAt = System.nanoTime();
                }
                c.setTcpNoDelay(true);
                Socket s = new Socket(upstream.getAddress(), upstream.getPort());
                s.setTcpNoDelay(true);
                pump(c, s, true, first);
                pump(s, c, false, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private record Chunk(long due, Bytes bytes) {}

    private void pump(Socket from, Socket to, boolean clientToServer, boolean watch) {
        LinkedBlockingQueue<Chunk> q = new LinkedBlockingQueue<>();
        IdentRewriter follow = new IdentRewriter(upstream, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                port()), n -> n, n -> n);
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    long now = System.nanoTime();
                    for (IdentRewriter.Piece p : follow.feed(Bytes.wrap(java.util.Arrays.copyOf(buf, n)))) {
                        q.add(new Chunk(now + delayNanos, p.wire()));
                        if (watch && p.frame() != null && p.frame().tag() == Tag.MESSAGE && firstMessageAt == 0) {
                            firstMessageAt = now;
                            firstMessage.countDown();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // closed, or not a msgr2.1 crc stream
            }
            q.add(new Chunk(0, null));
        });
        Thread.ofPlatform().daemon().start(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk c = q.take();
                    if (c.bytes() == null) {
                        to.shutdownOutput();
                        return;
                    }
                    long wait = c.due() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    out.write(c.bytes().unsafeArray(), c.bytes().unsafeOffset(), c.bytes().length());
                }
            } catch (IOException | InterruptedException e) {
                // closed
            }
        });
    }

    @Override
    public void close() throws IOException {
        ss.close();
    }
}
