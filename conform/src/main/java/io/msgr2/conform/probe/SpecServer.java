package io.msgr2.conform.probe;

import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.Messenger;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The server side of {@link SpecPeer}: our spec and codec as a mon-role server on one accepted
 * socket, with one deviation given as the endpoint's {@link Hooks}. It records what the client
 * under test sent (banner, frames), whether it closed, and how many more connections it opened
 * (a client that faults reconnects or hunts); single-threaded, bounded by the timeout.
 */
final class SpecServer {
    private SpecServer() {}

    /** What the client did on the first connection, and how many connections followed it. */
    record ClientRun(Observed observed, boolean reachedReady, int laterConnections, boolean weClosed) {}

    /**
     * Accepts one connection on {@code listening} and serves it with {@code config}, deviating
     * by {@code hooks}; once READY feeds {@code afterReady}; stops when {@code done} holds for
     * the client's frames, when the client closes (after a short look for a new connection),
     * or at the timeout.
     */
    static ClientRun serve(ServerSocket listening, Duration timeout, Config config, Hooks hooks,
                           Function<UTime, List<Input>> afterReady, Predicate<List<Frame>> done,
                           Predicate<List<Frame>> closeWhen) throws IOException {
        Messenger m = messenger(config, listening.getLocalPort());
        long deadline = System.nanoTime() + timeout.toNanos();
        listening.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        Socket first;
        try {
            first = listening.accept();
        } catch (SocketTimeoutException e) {
            return new ClientRun(new Observed(Optional.empty(), List.of(), false, false, 0), false, 0, false);
        }
        AtomicInteger later = new AtomicInteger();
        List<Socket> extra = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread acceptor = Thread.ofVirtual().start(() -> {
            while (!listening.isClosed()) {
                try {
                    extra.add(listening.accept());
                    later.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // keep looking until the scenario ends
                } catch (IOException e) {
                    return;
                }
            }
        });
        try {
            ClientRun r = serveSocket(first, deadline, m, Deviation.NONE.withHooks(hooks), afterReady, done, closeWhen);
            if (r.observed().closed() || r.weClosed()) {
                // a client that faults comes back (a lossless one reconnects, a mon client hunts): a moment to see it
                long until = Math.min(deadline, System.nanoTime() + 1_000_000_000L);
                while (later.get() == 0 && System.nanoTime() < until) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            return new ClientRun(r.observed(), r.reachedReady(), later.get(), r.weClosed());
        } finally {
            acceptor.interrupt();
            for (Socket x : extra) {
                x.close();
            }
        }
    }

    /** A messenger for a mon-role server listening on {@code port} of 127.0.0.1. */
    static Messenger messenger(Config config, int port) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        EntityAddrVec me = EntityAddrVec.of(EntityAddr.v2(SockAddr.Inet4.loopback(port), 0));
        return Messenger.create(config, new Env(Entropy.drbg(Bytes.wrap(seed)), 0, 4096, me, SpecPeer.now()));
    }

    /**
     * Serves one accepted socket with {@code m} until {@code deadline} (System.nanoTime), the
     * client closing, {@code done}, {@code closeWhen}, or the deviation closing; closes it.
     */
    static ClientRun serveSocket(Socket accepted, long deadline, Messenger m, Deviation d,
                                 Function<UTime, List<Input>> afterReady, Predicate<List<Frame>> done,
                                 Predicate<List<Frame>> closeWhen) throws IOException {
        try (Socket sock = accepted) {
            sock.setTcpNoDelay(true);
            sock.setSoTimeout(50);
            State s = new State(d);
            EntityAddr peer = EntityAddr.v2(SockAddr.Inet4.loopback(sock.getPort()), 0);
            Messenger.Result acceptedResult = m.at(SpecPeer.now()).accept(peer);
            s.transport = acceptedResult.transport();
            s.step(acceptedResult);
            OutputStream os = sock.getOutputStream();
            InputStream is = sock.getInputStream();
            if (d.garbageBanner()) {
                os.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                os.flush();
                return new ClientRun(new Observed(Optional.empty(), List.of(), false, false, 0), false, 0, true);
            }
            if (d.eagerHello()) {
                s.wire.flush(os);
                os.write(RawPeer.frame(new io.msgr2.spec.frame.Hello(io.msgr2.spec.wire.EntityType.MON, peer), true)
                        .toByteArray());
            }
            byte[] buf = new byte[65536];
            boolean closed = false;
            boolean followed = false;
            while (System.nanoTime() < deadline && !s.weClosed) {
                try {
                    s.wire.flush(os);
                } catch (IOException e) {
                    closed = true;
                }
                if (closeWhen.test(s.wire.frames)) {
                    s.weClosed = true; // the server hangs up here (after what it just wrote)
                    sock.shutdownOutput();
                    break;
                }
                if (!followed && s.ready()) {
                    followed = true;
                    for (Input in : afterReady.apply(SpecPeer.now())) {
                        s.step(s.messenger.at(SpecPeer.now()).onConnection(s.conn(), in));
                    }
                    continue;
                }
                if (closed || done.test(s.wire.frames)) {
                    break;
                }
                int n = ProbeWire.read(is, buf);
                if (n == ProbeWire.QUIET) {
                    continue;
                }
                if (n < 0) {
                    closed = true;
                    break;
                }
                if (s.wire.bytes + n > d.dieAfterBytes()) {
                    s.wire.bytes += n;
                    s.weClosed = true;
                    d.onDie().run(); // before this socket closes
                    break;
                }
                if (d.closeOnShortRead() && n < 16) {
                    s.wire.bytes += n;
                    s.weClosed = true;
                    break;
                }
                if (!s.deaf) {
                    s.feed(Bytes.wrap(java.util.Arrays.copyOf(buf, n)));
                }
            }
            s.ready();
            return new ClientRun(s.wire.observed(closed), s.wasReady, 0, s.weClosed);
        }
    }

    /** The one connection: the spec's messenger as the server, and its wire. */
    private static final class State {
        Messenger messenger = null;
        final ProbeWire wire;
        long transport;
        boolean weClosed;
        boolean wasReady;
        boolean deaf;
        final Deviation deviation;

        State(Deviation d) {
            this.deviation = d;
            this.wire = new ProbeWire(Role.SERVER, d.hooks());
        }

        long conn() {
            return messenger.connOf().get(transport).getOrElse(-1L);
        }

        boolean ready() {
            boolean r = messenger.conn(conn()).map(c -> c.kind() == StateKind.READY).orElse(false);
            wasReady |= r;
            return r;
        }

        void step(Messenger.Result r) {
            messenger = r.messenger();
            for (Messenger.Out o : r.effects()) {
                switch (o.effect()) {
                    case Effect.CloseTransport c -> {
                        if (deviation.neverClose()) {
                            deaf = true; // the deviation: stays connected, reads nothing more
                        } else {
                            weClosed = true;
                        }
                    }
                    default -> wire.endpoint.submit(o.effect());
                }
            }
        }

        void feed(Bytes in) {
            wire.feed(in, input -> {
                if (input instanceof Input.FrameReceived f && deviation.closeOnFrame().test(List.of(f.frame()))) {
                    weClosed = true; // the deviation faults right here, before anything after this frame
                    return false;
                }
                if (!weClosed) {
                    step(messenger.at(SpecPeer.now()).onTransport(transport, input));
                }
                return true;
            });
        }
    }

    /**
     * How the probe's server breaks a rule: frames or bytes changed on the way out
     * ({@code hooks}), never closing (it goes deaf instead: bad input leaves the connection
     * open), closing when the client sends a frame {@code closeOnFrame} matches or a read
     * brings fewer than 16 bytes, a HELLO before the client's banner, a banner that is not
     * msgr2, or dropping everything after {@code dieAfterBytes}.
     */
    record Deviation(Hooks hooks, boolean neverClose, Predicate<List<Frame>> closeOnFrame, boolean closeOnShortRead,
                     boolean eagerHello, boolean garbageBanner, long dieAfterBytes, Runnable onDie) {
        static final Deviation NONE = new Deviation(Hooks.NONE, false, fs -> false, false, false, false, Long.MAX_VALUE,
                () -> { });

        Deviation withHooks(Hooks h) {
            return new Deviation(h, neverClose, closeOnFrame, closeOnShortRead, eagerHello, garbageBanner, dieAfterBytes, onDie);
        }

        Deviation withNeverClose() {
            return new Deviation(hooks, true, closeOnFrame, closeOnShortRead, eagerHello, garbageBanner, dieAfterBytes, onDie);
        }

        Deviation withCloseOn(Predicate<Frame> f) {
            return new Deviation(hooks, neverClose, fs -> fs.stream().anyMatch(f), closeOnShortRead, eagerHello,
                    garbageBanner, dieAfterBytes, onDie);
        }

        Deviation withCloseOnShortRead() {
            return new Deviation(hooks, neverClose, closeOnFrame, true, eagerHello, garbageBanner, dieAfterBytes, onDie);
        }

        Deviation withEagerHello() {
            return new Deviation(hooks, neverClose, closeOnFrame, closeOnShortRead, true, garbageBanner, dieAfterBytes, onDie);
        }

        Deviation withGarbageBanner() {
            return new Deviation(hooks, neverClose, closeOnFrame, closeOnShortRead, eagerHello, true, dieAfterBytes, onDie);
        }

        /** After {@code bytes} from one client the server stops: {@code death} runs before the socket closes. */
        Deviation withDieAfter(long bytes, Runnable death) {
            return new Deviation(hooks, neverClose, closeOnFrame, closeOnShortRead, eagerHello, garbageBanner, bytes,
                    death);
        }

        Deviation withDieAfter(long bytes) {
            return new Deviation(hooks, neverClose, closeOnFrame, closeOnShortRead, eagerHello, garbageBanner, bytes, onDie);
        }
    }
}
