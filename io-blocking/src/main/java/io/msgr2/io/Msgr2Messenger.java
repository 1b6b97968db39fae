package io.msgr2.io;

import io.msgr2.codec.CodecWireImage;
import io.msgr2.codec.endpoint.Received;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.Messenger;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.FrameText;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A msgr2 messenger on blocking java.net sockets: the pure {@link Messenger} of the spec
 * plus the IO it asks for. It makes no protocol decision: every input goes to the spec,
 * every effect is carried out in order.
 *
 * <p>Threads: each TCP connection has a reader (bytes, codec, step); any thread that steps
 * the spec drains the outboxes it filled (one drainer per connection, so frames are encoded
 * in the spec's order); one scheduler thread per process fires timers. Steps are serialised by one lock;
 * listener callbacks run outside it. Connection threads are virtual unless an executor is given.
 */
public final class Msgr2Messenger implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.msgr2");

    private final MessengerOptions options;
    private final Msgr2Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private Messenger state;
    private final Map<Long, Transport> transports = new ConcurrentHashMap<>();
    private final Map<Long, Msgr2Connection> handles = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final boolean ownExecutor;
    private final ScheduledExecutorService scheduler;
    private final List<ServerSocket> servers = new ArrayList<>();
    private volatile boolean closed;

    private Msgr2Messenger(MessengerOptions options, EntityAddrVec myAddrs, Msgr2Listener listener) {
        this.options = options;
        this.listener = listener;
        Config config = ImmutableConfig.builder().name(options.name()).gid(options.gid()).banner(options.banner())
                .supportedFeatures(options.supportedFeatures()).requiredFeatures(options.requiredFeatures())
                .auth(options.auth()).policies(options.policies()).defaultPolicy(options.defaultPolicy())
                .timing(options.timing()).pipelining(options.pipelining()).compression(options.compression()).wireImage(CodecWireImage.INSTANCE).build();
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        Env env = new Env(Entropy.drbg(Bytes.wrap(seed)), 0, 4096, myAddrs, now());
        this.state = Messenger.create(config, env);
        this.ownExecutor = options.executor().isEmpty();
        this.executor = options.executor().orElseGet(Executors::newVirtualThreadPerTaskExecutor);
        this.scheduler = TIMERS;
    }

    /**
     * One timer thread for the whole process: it only hands each expiry to the messenger's
     * executor, so it is never busy, and a process with thousands of messengers (a test
     * harness, a gateway) does not hold a thread per messenger.
     */
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "msgr2-timers");
        t.setDaemon(true);
        return t;
    });

    /** A messenger that dials (a client): it learns its IP from the first peer it meets. */
    public static Msgr2Messenger client(MessengerOptions options, Msgr2Listener listener) {
        int nonce = options.nonce().orElseGet(() -> new SecureRandom().nextInt() & 0x7fffffff);
        EntityAddr blank = new EntityAddr(AddrType.ANY, nonce, SockAddr.Inet4.of(0, 0, 0, 0, 0));
        return new Msgr2Messenger(options, EntityAddrVec.of(blank), listener);
    }

    /**
     * A messenger that listens on {@code bind} (and may dial too): its address is
     * {@code v2:ip:port/nonce}, the nonce 0 unless the options give one.
     */
    public static Msgr2Messenger server(MessengerOptions options, InetSocketAddress bind, Msgr2Listener listener)
            throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(bind, 4096);
        InetSocketAddress local = options.advertise().orElse((InetSocketAddress) ss.getLocalSocketAddress());
        EntityAddr me = new EntityAddr(AddrType.MSGR2, options.nonce().orElse(0), sockAddr(local));
        Msgr2Messenger m = new Msgr2Messenger(options, EntityAddrVec.of(me), listener);
        m.servers.add(ss);
        m.executor.execute(() -> m.acceptLoop(ss));
        return m;
    }

    /** Our addresses (a client's IP is learned from its first peer). */
    public EntityAddrVec addrs() {
        return withLock(() -> state.env().myAddrs());
    }

    /** The port a server listens on (not the advertised one). */
    public int port() {
        return servers.get(0).getLocalPort();
    }

    /**
     * A connection to the peer at {@code peer}, of type {@code peerType}: the same
     * connection when one is open to those addresses, otherwise a new one that dials at once.
     */
    public Msgr2Connection connect(EntityAddrVec peer, EntityType peerType) {
        Messenger.Result r = step(m -> m.dial(peer, peerType));
        return handle(r.conn());
    }

    /** {@link #connect(EntityAddrVec, EntityType)} for {@code host:port} with nonce 0 (how mons are dialled). */
    public Msgr2Connection connect(InetSocketAddress peer, EntityType peerType) {
        return connect(EntityAddrVec.of(new EntityAddr(AddrType.MSGR2, 0, sockAddr(peer))), peerType);
    }

    Msgr2Connection handle(long conn) {
        return handles.computeIfAbsent(conn, id -> new Msgr2Connection(this, id));
    }

    /** The cephx tickets this messenger holds (what its mon connections received). */
    public io.msgr2.spec.auth.cephx.Tickets tickets() {
        return withLock(() -> state.env().tickets());
    }

    /** Replaces the tickets (after an MAuth exchange the application ran itself). */
    public void tickets(java.util.function.UnaryOperator<io.msgr2.spec.auth.cephx.Tickets> update) {
        lock.lock();
        try {
            state = state.withTickets(update.apply(state.env().tickets()));
        } finally {
            lock.unlock();
        }
    }

    /** The spec's view of connection {@code conn}, for tools and tests. */
    public Conn snapshot(long conn) {
        return withLock(() -> state.conn(conn).orElseThrow());
    }

    void command(long conn, Input in) {
        step(m -> m.onConnection(conn, in));
    }

    /** Runs one step of the spec and carries out its effects. */
    Messenger.Result step(Function<Messenger, Messenger.Result> f) {
        List<Runnable> after = new ArrayList<>();
        List<Transport> touched = new ArrayList<>();
        Messenger.Result r;
        lock.lock();
        try {
            Messenger before = state;
            r = f.apply(state.at(now()));
            state = r.messenger();
            trace(before, state);
            for (Messenger.Out o : r.effects()) {
                distribute(o, after, touched);
            }
        } finally {
            lock.unlock();
        }
        for (Transport t : touched) {
            t.signal();
        }
        after.forEach(Runnable::run);
        return r;
    }

    /** Routes one effect: IO to its transport's outbox, timers to the scheduler, the rest to the application. */
    private void distribute(Messenger.Out o, List<Runnable> after, List<Transport> touched) {
        Msgr2Connection c = o.conn() == Messenger.NONE ? null : handle(o.conn());
        switch (o.effect()) {
            case Effect.Connect x -> {
                Transport t = transports.computeIfAbsent(o.transport(), id -> new Transport(id, Role.CLIENT,
                        options.limits()));
                after.add(() -> executor.execute(() -> dialThenRead(t, x.target())));
            }
            case Effect.SendBanner x -> {
                traceLine(() -> "conn#" + o.conn() + " > banner " + x.banner());
                queue(o, touched);
            }
            case Effect.StartFraming x -> queue(o, touched);
            case Effect.InstallSecure x -> {
                CipherWarmup.start();
                traceLine(() -> "conn#" + o.conn() + " secure mode from here: AES-128-GCM both ways, keyed from the "
                        + x.connectionSecret().length() + "-byte connection secret");
                queue(o, touched);
            }
            case Effect.StopCapture x -> queue(o, touched);
            case Effect.InstallCompression x -> {
                traceLine(() -> "conn#" + o.conn() + " compression from here: " + x.method() + " (frames of "
                        + x.minSize() + " bytes or more)");
                queue(o, touched);
            }
            case Effect.SendFrame x -> {
                traceLine(() -> "conn#" + o.conn() + " > " + FrameText.describe(x.frame()));
                queue(o, touched);
            }
            case Effect.Deliver d -> after.add(() -> listener.onMessage(c, d.message()));
            case Effect.Notify n -> after.add(() -> {
                switch (n.event()) {
                    case CONNECTED -> listener.onConnected(c);
                    case ACCEPTED -> listener.onAccepted(c);
                    case RESET -> listener.onReset(c);
                    case REMOTE_RESET -> listener.onRemoteReset(c);
                    case REFUSED -> { }
                }
                c.notify(n.event());
            });
            case Effect.ArmTimer t -> arm(o.conn(), t);
            case Effect.CancelTimer t -> {
                ScheduledFuture<?> f = timers.remove(o.conn() + "/" + t.timer());
                if (f != null) {
                    f.cancel(false);
                }
            }
            case Effect.CloseTransport x -> {
                traceLine(() -> "conn#" + o.conn() + " closes its TCP connection: " + x.reason());
                Transport t = transports.remove(o.transport());
                if (t != null) {
                    t.closeWhenDrained(); // what was queued before the close still goes out
                }
                after.add(() -> {
                    listener.onTransportClosed(c, x.reason());
                    c.transportClosed(x.reason());
                });
            }
            case Effect.LookupSession x -> throw new AssertionError("the spec's messenger resolves lookups");
        }
    }

    private void queue(Messenger.Out o, List<Transport> touched) {
        Transport t = transports.computeIfAbsent(o.transport(), id -> new Transport(id, Role.SERVER, options.limits()));
        t.endpoint.submit(o.effect());
        if (!touched.contains(t)) {
            touched.add(t);
        }
    }

    private void arm(long conn, Effect.ArmTimer t) {
        String key = conn + "/" + t.timer();
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = scheduler.schedule(() -> executor.execute(() -> {
            if (!closed && timers.remove(key, self[0])) {
                step(m -> m.onConnection(conn, new Input.TimerFired(t.timer())));
            }
        }), t.after().toNanos(), TimeUnit.NANOSECONDS);
        ScheduledFuture<?> old = timers.put(key, self[0]);
        if (old != null) {
            old.cancel(false);
        }
    }

    private void dialThenRead(Transport t, EntityAddr target) {
        Socket s = new Socket();
        try {
            s.connect(inet(target), (int) options.connectTimeout().toMillis());
            t.attach(s);
            startWriter(t);
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(s);
            step(m -> m.onTransport(t.id, new Input.TransportClosed("connect to " + target + " failed: " + e.getMessage())));
            transports.remove(t.id, t);
            return;
        }
        step(m -> m.onTransport(t.id, new Input.TransportConnected()));
        read(t);
    }

    private void startWriter(Transport t) {
        executor.execute(() -> t.writeLoop(refused -> executor.execute(() -> step(m -> m.onTransport(t.id, refused)))));
    }

    private void acceptLoop(ServerSocket ss) {
        while (!closed) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                return; // closed
            }
            executor.execute(() -> {
                InetSocketAddress peer = (InetSocketAddress) s.getRemoteSocketAddress();
                EntityAddr seen = new EntityAddr(AddrType.MSGR2, 0, sockAddr(peer));
                Messenger.Result r = step(m -> m.accept(seen)); // its banner waits in the new transport's outbox
                Transport t = transports.computeIfAbsent(r.transport(), id -> new Transport(id, Role.SERVER,
                        options.limits()));
                try {
                    t.attach(s);
                } catch (IOException e) {
                    closeQuietly(s);
                    step(m -> m.onTransport(t.id, new Input.TransportClosed("accept failed: " + e.getMessage())));
                    return;
                }
                startWriter(t);
                t.signal();
                read(t);
            });
        }
    }

    /** The reader loop: bytes -> decoder -> spec, until the TCP connection ends. */
    private void read(Transport t) {
        Socket s = t.socket();
        byte[] buf = new byte[IDLE_READ_BUFFER];
        int used = 0;
        try {
            InputStream in = s.getInputStream();
            while (true) {
                Received r = t.endpoint.receiver().next();
                switch (r) {
                    case Received.NeedMore n -> {
                        if (buf.length - used < Math.min(n.bytes(), IDLE_READ_BUFFER)) {
                            buf = new byte[nextReadBuffer(buf.length, n.bytes(), t.endpoint.receiver().buffered() == 0
                                    && in.available() == 0)];
                            used = 0;
                        }
                        int got = in.read(buf, used, buf.length - used);
                        if (got < 0) {
                            throw new IOException("closed by the peer");
                        }
                        t.endpoint.receiver().feed(Bytes.wrap(buf, used, got)); // it may keep a view: never reuse it
                        used += got;
                    }
                    case Received.AwaitingFraming w -> {
                        t.close(); // the banner was refused and the connection is being stopped
                        return;
                    }
                    case Received.Over o -> {
                        return;
                    }
                    case Received.Aborted a -> { }
                    case Received.Banner b -> {
                        traceLine(() -> "t" + t.id + " < banner " + b.received().banner());
                        step(m -> m.onTransport(t.id, b.received()));
                    }
                    case Received.Frame f -> {
                        traceLine(() -> "t" + t.id + " < " + FrameText.describe(f.received().frame())
                                + (f.info().compressed() ? " [compressed " + f.info().wireLengths() + " -> "
                                + f.info().plainLengths() + "]" : ""));
                        step(m -> m.onTransport(t.id, f.received()));
                    }
                    case Received.Malformed e -> {
                        step(m -> m.onTransport(t.id, e.received()));
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // reported even when our writer or the spec closed it: the spec ignores transports it let go
            t.close();
            step(m -> m.onTransport(t.id, new Input.TransportClosed(e.getMessage() == null ? "IO error"
                    : e.getMessage())));
        } catch (RuntimeException | Error bug) {
            LOG.log(System.Logger.Level.ERROR, "reader of t" + t.id + " failed", bug);
            t.close();
            throw bug;
        }
    }

    /**
     * Read buffers: the decoder keeps views into them (a received segment is never copied
     * while it lies in one buffer), so a full buffer is replaced, not reused. An idle
     * connection holds a small one; under a stream of data each new buffer doubles, up to
     * 4 MiB, so few frames straddle two buffers (those are copied once).
     */
    static final int IDLE_READ_BUFFER = 8 * 1024;
    static final int MAX_READ_BUFFER = 4 * 1024 * 1024;

    static int nextReadBuffer(int previous, long needed, boolean idle) {
        long size = idle ? IDLE_READ_BUFFER : Math.min(MAX_READ_BUFFER, 2L * previous);
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(size, needed));
    }

    /** Stops every connection (no reset notifications) and the listeners. */
    @Override
    public void close() {
        closed = true;
        for (ServerSocket ss : servers) {
            closeQuietly(ss);
        }
        List<Long> ids = withLock(() -> new ArrayList<>(state.conns().keySet().toJavaList()));
        for (long id : ids) {
            command(id, new Input.CloseRequested());
        }
        transports.values().forEach(Transport::close);
        timers.values().forEach(f -> f.cancel(false));
        timers.clear();
        if (ownExecutor) {
            executor.shutdownNow();
        }
    }

    private void trace(Messenger before, Messenger after) {
        if (options.tracer().isEmpty() && !LOG.isLoggable(System.Logger.Level.DEBUG)) {
            return;
        }
        after.conns().forEach((id, c) -> {
            var old = before.conns().get(id).map(Conn::kind);
            if (old.isEmpty() || old.get() != c.kind()) {
                String line = "conn#" + id + " " + old.map(StateKind::name).getOrElse("new") + " -> " + c.kind();
                LOG.log(System.Logger.Level.DEBUG, line);
                options.tracer().ifPresent(tr -> tr.accept(line));
            }
        });
    }

    private void traceLine(java.util.function.Supplier<String> line) {
        if (options.tracer().isPresent()) {
            options.tracer().get().accept(line.get());
        } else if (LOG.isLoggable(System.Logger.Level.TRACE)) {
            LOG.log(System.Logger.Level.TRACE, line.get());
        }
    }

    private <T> T withLock(java.util.function.Supplier<T> f) {
        lock.lock();
        try {
            return f.get();
        } finally {
            lock.unlock();
        }
    }

    static UTime now() {
        Instant n = Instant.now();
        return new UTime((int) n.getEpochSecond(), n.getNano());
    }

    static SockAddr sockAddr(InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        return ip.length == 4 ? new SockAddr.Inet4(Bytes.of(ip), a.getPort())
                : new SockAddr.Inet6(Bytes.of(ip), a.getPort(), 0, 0);
    }

    static InetSocketAddress inet(EntityAddr a) throws IOException {
        return switch (a.addr()) {
            case SockAddr.Inet4 in -> new InetSocketAddress(InetAddress.getByAddress(in.ip().toByteArray()), in.port());
            case SockAddr.Inet6 in6 -> new InetSocketAddress(InetAddress.getByAddress(in6.ip().toByteArray()), in6.port());
            default -> throw new IOException("no IP address to dial in " + a);
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing to do
        }
    }
}
