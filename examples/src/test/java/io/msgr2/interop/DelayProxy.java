package io.msgr2.interop;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.Limits;
import io.msgr2.codec.frame.Decoded;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.SockAddr;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A msgr2 proxy on 127.0.0.1 (msgr2.1, crc mode) that holds everything for a fixed one-way
 * delay in each direction, so the time from accepting a connection to the client's first
 * MESSAGE is (round trips x 2 x delay) plus processing: round trips can be counted from a
 * clock. Both ends check that the address dialled is the server's (CLIENT_IDENT's
 * target_addr, SERVER_IDENT's addrs), so the proxy rewrites those two frames to the address
 * each side knows; every other byte passes unchanged (AUTH_SIGNATURE signs only the bytes
 * before them).
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

    private static EntityAddr v2(InetSocketAddress a, int nonce) {
        byte[] ip = a.getAddress().getAddress();
        return new EntityAddr(AddrType.MSGR2, nonce, SockAddr.Inet4.of(ip[0] & 0xff, ip[1] & 0xff, ip[2] & 0xff,
                ip[3] & 0xff, a.getPort()));
    }

    /** What the proxy forwards instead of {@code f}, if anything. */
    private Frame rewrite(Frame f) {
        return switch (f) {
            case ClientIdent ci -> new ClientIdent(ci.addrs(), v2(upstream, ci.targetAddr().nonce()), ci.gid(),
                    ci.globalSeq(), ci.supportedFeatures(), ci.requiredFeatures(), ci.flags(), ci.clientCookie());
            case ServerIdent si -> {
                List<EntityAddr> out = new ArrayList<>();
                for (EntityAddr a : si.addrs().addrs()) {
                    out.add(a.addr().equals(v2(upstream, 0).addr())
                            ? v2(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), a.nonce()) : a);
                }
                yield new ServerIdent(new EntityAddrVec(out), si.gid(), si.globalSeq(), si.supportedFeatures(),
                        si.requiredFeatures(), si.flags(), si.serverCookie());
            }
            default -> f;
        };
    }

    private record Chunk(long due, Bytes bytes) {}

    private void pump(Socket from, Socket to, boolean clientToServer, boolean watch) {
        LinkedBlockingQueue<Chunk> q = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            FrameDecoder d = new FrameDecoder(Limits.DEFAULT, Allocator.HEAP);
            d.captureWire(true);
            FrameEncoder enc = new FrameEncoder(true);
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    long now = System.nanoTime();
                    d.feed(Bytes.wrap(java.util.Arrays.copyOf(buf, n)));
                    for (Decoded r = d.next(); !(r instanceof Decoded.NeedMore); r = d.next()) {
                        switch (r) {
                            case Decoded.BannerDecoded b -> {
                                q.add(new Chunk(now + delayNanos, b.wire()));
                                d.startFrames(true);
                            }
                            case Decoded.FrameDecoded f -> {
                                Frame out = rewrite(f.frame());
                                Bytes wire = out == f.frame() ? f.wire()
                                        : ((EncodeResult.Encoded) enc.encode(out)).wire().toBytes();
                                q.add(new Chunk(now + delayNanos, wire));
                                if (watch && f.frame().tag() == Tag.MESSAGE && firstMessageAt == 0) {
                                    firstMessageAt = now;
                                    firstMessage.countDown();
                                }
                            }
                            default -> throw new IOException("the proxy cannot follow this stream: " + r);
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
