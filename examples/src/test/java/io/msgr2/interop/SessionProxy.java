package io.msgr2.interop;

import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddrVec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A msgr2.1 crc proxy between our client and a real daemon that cuts the TCP connection at a
 * random byte, again and again, while it is told to. The identity frames are rewritten
 * ({@link IdentRewriter}): CLIENT_IDENT's target to the daemon's real address (whose nonce
 * changes when the daemon restarts), SERVER_IDENT's address to the proxy's, with the nonce the
 * client dialled.
 */
final class SessionProxy implements AutoCloseable {
    private final ServerSocket ss;
    private final InetSocketAddress upstream;
    private final int clientNonce;
    private volatile int upstreamNonce;
    private volatile boolean cutting = true;
    private final SplittableRandom rnd;
    private final int minBudget;
    private final int maxBudget;
    final AtomicInteger cuts = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> open = new ArrayList<>();

    SessionProxy(InetSocketAddress upstream, int upstreamNonce, int clientNonce, long seed, int minBudget, int maxBudget)
            throws IOException {
        this.upstream = upstream;
        this.upstreamNonce = upstreamNonce;
        this.clientNonce = clientNonce;
        this.rnd = new SplittableRandom(seed);
        this.minBudget = minBudget;
        this.maxBudget = maxBudget;
        this.ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(this::acceptLoop);
    }

    int port() {
        return ss.getLocalPort();
    }

    /** The address to dial: the proxy, with the nonce the client believes the daemon has. */
    EntityAddrVec addrs() {
        return EntityAddrVec.of(IdentRewriter.v2(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()),
                clientNonce));
    }

    void upstreamNonce(int n) {
        upstreamNonce = n;
    }

    void cutting(boolean on) {
        cutting = on;
    }

    private void acceptLoop() {
        while (!ss.isClosed()) {
            try {
                Socket c = ss.accept();
                Socket s = new Socket(upstream.getAddress(), upstream.getPort());
                c.setTcpNoDelay(true);
                s.setTcpNoDelay(true);
                connections.incrementAndGet();
                long up;
                long down;
                synchronized (rnd) {
                    up = cutting ? minBudget + rnd.nextInt(maxBudget - minBudget) : Long.MAX_VALUE;
                    down = cutting && rnd.nextInt(4) == 0 ? 200 + rnd.nextInt(2000) : Long.MAX_VALUE;
                }
                pump(c, s, up, c, s);
                pump(s, c, down, c, s);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Forwards frames from {@code from} to {@code to}, rewritten; after {@code budget} bytes, cuts both. */
    private void pump(Socket from, Socket to, long budget, Socket a, Socket b) {
        Thread.ofPlatform().daemon().start(() -> {
            IdentRewriter follow = new IdentRewriter(upstream, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    port()), n -> upstreamNonce, n -> clientNonce);
            long sent = 0;
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (IdentRewriter.Piece p : follow.feed(Bytes.wrap(java.util.Arrays.copyOf(buf, n)))) {
                        Bytes wire = p.wire();
                        if (cutting && sent + wire.length() > budget) {
                            int keep = (int) Math.max(0, budget - sent);
                            out.write(wire.unsafeArray(), wire.unsafeOffset(), keep);
                            out.flush();
                            cuts.incrementAndGet();
                            a.close();
                            b.close();
                            return;
                        }
                        out.write(wire.unsafeArray(), wire.unsafeOffset(), wire.length());
                        sent += wire.length();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // closed or cut
            }
            try {
                a.close();
                b.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        });
    }

    @Override
    public void close() throws IOException {
        ss.close();
    }
}
