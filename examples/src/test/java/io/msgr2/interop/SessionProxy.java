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
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A msgr2.1 crc proxy between our client and a real daemon that cuts the TCP connection at a
 * random byte, again and again, while it is told to. Both ends check that the address dialled
 * is the server's, so it rewrites CLIENT_IDENT's target_addr to the daemon's real address
 * (whose nonce changes when the daemon restarts) and SERVER_IDENT's address to its own, with
 * the nonce the client dialled; every other byte passes unchanged.
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
        return EntityAddrVec.of(v2(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), clientNonce));
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

    private static EntityAddr v2(InetSocketAddress a, int nonce) {
        byte[] ip = a.getAddress().getAddress();
        return new EntityAddr(AddrType.MSGR2, nonce, SockAddr.Inet4.of(ip[0] & 0xff, ip[1] & 0xff, ip[2] & 0xff,
                ip[3] & 0xff, a.getPort()));
    }

    private Frame rewrite(Frame f) {
        return switch (f) {
            case ClientIdent ci -> new ClientIdent(ci.addrs(), v2(upstream, upstreamNonce), ci.gid(), ci.globalSeq(),
                    ci.supportedFeatures(), ci.requiredFeatures(), ci.flags(), ci.clientCookie());
            case ServerIdent si -> {
                List<EntityAddr> out = new ArrayList<>();
                for (EntityAddr a : si.addrs().addrs()) {
                    out.add(a.addr().equals(v2(upstream, 0).addr())
                            ? v2(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), clientNonce) : a);
                }
                yield new ServerIdent(new EntityAddrVec(out), si.gid(), si.globalSeq(), si.supportedFeatures(),
                        si.requiredFeatures(), si.flags(), si.serverCookie());
            }
            default -> f;
        };
    }

    /** Forwards frames from {@code from} to {@code to}, rewritten; after {@code budget} bytes, cuts both. */
    private void pump(Socket from, Socket to, long budget, Socket a, Socket b) {
        Thread.ofPlatform().daemon().start(() -> {
            FrameDecoder d = new FrameDecoder(Limits.DEFAULT, Allocator.HEAP);
            d.captureWire(true);
            FrameEncoder enc = new FrameEncoder(true);
            long sent = 0;
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    d.feed(Bytes.wrap(java.util.Arrays.copyOf(buf, n)));
                    for (Decoded r = d.next(); !(r instanceof Decoded.NeedMore); r = d.next()) {
                        Bytes wire = switch (r) {
                            case Decoded.BannerDecoded x -> {
                                d.startFrames(true);
                                yield x.wire();
                            }
                            case Decoded.FrameDecoded f -> {
                                Frame w = rewrite(f.frame());
                                yield w == f.frame() ? f.wire() : ((EncodeResult.Encoded) enc.encode(w)).wire().toBytes();
                            }
                            default -> throw new IOException("not a msgr2.1 crc stream: " + r);
                        };
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
