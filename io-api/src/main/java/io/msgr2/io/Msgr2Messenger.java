package io.msgr2.io;

import io.msgr2.codec.CodecWireImage;
import io.msgr2.codec.endpoint.Outgoing;
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
import io.msgr2.spec.conn.TimerKind;
import io.msgr2.spec.frame.FrameText;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A msgr2 messenger: the pure {@link Messenger} of the spec plus the IO it asks for, on any
 * {@link NetworkStack}. It makes no protocol decision: every input goes to the spec, every
 * effect is carried out in order: wire effects go to the TCP connection's {@link Transport}
 * (the codec's endpoint), timers to the stack, deliveries and notifications to the
 * {@link Msgr2Listener}.
 *
 * <p>Threads: the spec is stepped on whichever thread has an input (a stack's reader or
 * event loop for bytes, the application's thread for a send, the stack's timer thread);
 * steps are serialised by one lock, held only for the step itself (encoding, decoding,
 * encryption and IO happen outside it). Listener callbacks run on the stepping thread after
 * the lock is released, so one connection's deliveries arrive in order.
 *
 * <p>Memory: a closed connection leaves the messenger (its transport, timers and handle with
 * it); the spec keeps the {@link MessengerOptions#closedHistory} most recent for inspection.
 */
public final class Msgr2Messenger implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.msgr2");

    private final MessengerOptions options;
    private final Msgr2Listener listener;
    private final NetworkStack stack;
    private final ReentrantLock lock = new ReentrantLock();
    private Messenger state;
    private final Map<Long, Transport> transports = new ConcurrentHashMap<>();
    private final Map<Long, Msgr2Connection> handles = new ConcurrentHashMap<>();
    private final Map<Long, Map<TimerKind, NetworkStack.Timer>> timers = new ConcurrentHashMap<>();
    private final List<NetworkStack.Listening> listening = new CopyOnWriteArrayList<>();
    /**
     * Arrays of 1 MiB and more that the connections' encoders (secure output) and decoders
     * (loaned buffers) are done with, kept for the next large frame of any connection: at most
     * {@link #LARGE_KEEP} bytes, so an idle connection holds none of them.
     */
    private final LargeArrays largeArrays = new LargeArrays(LARGE_KEEP);
    /** What a messenger keeps of large arrays for reuse at most. */
    static final long LARGE_KEEP = 64L << 20;
    private volatile boolean closed;
    /** Set while a listener callback runs on this thread: a send from there never waits. */
    private static final ThreadLocal<Boolean> IN_CALLBACK = ThreadLocal.withInitial(() -> false);

    private Msgr2Messenger(MessengerOptions options, EntityAddrVec myAddrs, Msgr2Listener listener) {
        this.options = options;
        this.listener = listener;
        this.stack = options.stack().orElseGet(NetworkStack::discover);
        Config config = ImmutableConfig.builder().name(options.name()).gid(options.gid()).banner(options.banner())
                .supportedFeatures(options.supportedFeatures()).requiredFeatures(options.requiredFeatures())
                .auth(options.auth()).policies(options.policies()).defaultPolicy(options.defaultPolicy())
                .timing(options.timing()).pipelining(options.pipelining()).compression(options.compression())
                .closedHistory(options.closedHistory()).wireImage(CodecWireImage.INSTANCE).build();
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        Env env = new Env(Entropy.drbg(Bytes.wrap(seed)), 0, 4096, myAddrs, now());
        this.state = Messenger.create(config, env);
    }

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
        NetworkStack stack = options.stack().orElseGet(NetworkStack::discover);
        Msgr2Messenger[] self = new Msgr2Messenger[1];
        java.util.concurrent.CountDownLatch made = new java.util.concurrent.CountDownLatch(1);
        NetworkStack.Listening l = stack.listen(bind, peer -> {
            awaitUninterruptibly(made);
            return self[0].accepted(peer);
        });
        try {
            InetSocketAddress local = options.advertise().orElse(l.local());
            EntityAddr me = new EntityAddr(AddrType.MSGR2, options.nonce().orElse(0), sockAddr(local));
            Msgr2Messenger m = new Msgr2Messenger(ImmutableMessengerOptions.copyOf(options).withStack(stack),
                    EntityAddrVec.of(me), listener);
            m.listening.add(l);
            self[0] = m;
            return m;
        } catch (RuntimeException e) {
            l.close();
            throw e;
        } finally {
            made.countDown();
        }
    }

    private static void awaitUninterruptibly(java.util.concurrent.CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stack that carries this messenger's TCP connections. */
    public NetworkStack stack() {
        return stack;
    }

    /** Our addresses (a client's IP is learned from its first peer). */
    public EntityAddrVec addrs() {
        return withLock(() -> state.env().myAddrs());
    }

    /** The port a server listens on (not the advertised one). */
    public int port() {
        return listening.get(0).local().getPort();
    }

    /**
     * A connection to the peer at {@code peer}, of type {@code peerType}: the same
     * connection when one is open to those addresses, otherwise a new one that dials at once.
     */
    public Msgr2Connection connect(EntityAddrVec peer, EntityType peerType) {
        // the handle exists before any effect runs: a dial that fails at once reports to it
        Msgr2Connection[] h = new Msgr2Connection[1];
        step(m -> m.dial(peer, peerType), r -> h[0] = handle(r.conn()));
        return h[0];
    }

    /** {@link #connect(EntityAddrVec, EntityType)} for {@code host:port} with nonce 0 (how mons are dialled). */
    public Msgr2Connection connect(InetSocketAddress peer, EntityType peerType) {
        return connect(EntityAddrVec.of(new EntityAddr(AddrType.MSGR2, 0, sockAddr(peer))), peerType);
    }

    Msgr2Connection handle(long conn) {
        Msgr2Connection h = handles.get(conn);
        if (h != null) {
            return h;
        }
        return withLock(() -> {
            Msgr2Connection c = handles.get(conn);
            if (c == null) {
                c = new Msgr2Connection(this, conn);
                if (state.conn(conn).map(x -> x.kind() != StateKind.CLOSED).orElse(false)) {
                    handles.put(conn, c); // only live connections are tracked; a closed one answers by itself
                } else {
                    c.closedAs(state.conn(conn));
                }
            }
            return c;
        });
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

    /** The spec's whole messenger, for tools and tests (a value: it does not change under the caller). */
    public Messenger state() {
        return withLock(() -> state);
    }

    /** How many connections, TCP connections, handles and timers the messenger tracks (for tests and benches). */
    public record Footprint(int conns, int transports, int handles, int timers) {}

    public Footprint footprint() {
        return withLock(() -> new Footprint(state.conns().size(), transports.size(), handles.size(), timers.size()));
    }

    /** The spec's view of connection {@code conn}, if the messenger still holds it. */
    java.util.Optional<Conn> snapshot(long conn) {
        return withLock(() -> state.conn(conn));
    }

    void command(long conn, Input in) {
        step(m -> m.onConnection(conn, in));
    }

    static boolean inCallback() {
        return IN_CALLBACK.get();
    }

    /** Runs one step of the spec and carries out its effects. */
    Messenger.Result step(Function<Messenger, Messenger.Result> f) {
        return step(f, r -> { });
    }

    /** {@link #step(Function)}, with {@code first} run under the lock before the effects are carried out. */
    private Messenger.Result step(Function<Messenger, Messenger.Result> f,
            java.util.function.Consumer<Messenger.Result> first) {
        List<Runnable> after = new ArrayList<>();
        List<Transport> touched = new ArrayList<>();
        Messenger.Result r;
        lock.lock();
        try {
            Messenger before = state;
            r = f.apply(state.at(now()));
            state = r.messenger();
            trace(before, state);
            first.accept(r);
            Set<Long> others = null; // connections other than the stepped one that effects went to (rare)
            for (Messenger.Out o : r.effects()) {
                distribute(o, after, touched);
                if (o.conn() != r.conn()) {
                    others = others == null ? new HashSet<>() : others;
                    others.add(o.conn());
                }
            }
            forgetIfClosed(r.conn(), before);
            if (others != null) {
                others.forEach(id -> forgetIfClosed(id, before));
            }
        } finally {
            lock.unlock();
        }
        for (Transport t : touched) {
            t.flush();
        }
        if (!after.isEmpty()) {
            boolean outer = IN_CALLBACK.get();
            IN_CALLBACK.set(true);
            try {
                after.forEach(Runnable::run);
            } finally {
                IN_CALLBACK.set(outer);
            }
        }
        return r;
    }

    /** {@link #forget}s connection {@code id} if the spec no longer holds it open. */
    private void forgetIfClosed(long id, Messenger before) {
        if (id != Messenger.NONE && state.conn(id).map(c -> c.kind() == StateKind.CLOSED).orElse(true)) {
            forget(id, before);
        }
    }

    /** A connection closed: its handle, timers and transport leave (the spec keeps a short history). */
    private void forget(long id, Messenger before) {
        Msgr2Connection h = handles.remove(id);
        if (h != null) {
            h.closedAs(state.conn(id).or(() -> before.conn(id)));
        }
        Map<TimerKind, NetworkStack.Timer> ts = timers.remove(id);
        if (ts != null) {
            ts.values().forEach(NetworkStack.Timer::cancel);
        }
    }

    /** Routes one effect: wire effects to its transport, timers to the stack, the rest to the application. */
    private void distribute(Messenger.Out o, List<Runnable> after, List<Transport> touched) {
        Effect e = o.effect();
        switch (e) {
            case Effect.Connect x -> {
                Transport t = transports.computeIfAbsent(o.transport(), id -> transport(id, Role.CLIENT));
                after.add(() -> dial(t, x.target()));
            }
            case Effect.CloseTransport x -> {
                traceLine(() -> "conn#" + o.conn() + " closes its TCP connection: " + x.reason());
                Transport t = transports.remove(o.transport());
                if (t != null) {
                    t.closeAfterFlush(); // what was queued before the close still goes out
                }
                Msgr2Connection c = handle(o.conn());
                after.add(() -> {
                    listener.onTransportClosed(c, x.reason());
                    c.transportClosed(x.reason());
                });
            }
            case Effect.Deliver d -> {
                Msgr2Connection c = handle(o.conn());
                after.add(() -> listener.onMessage(c, d.message()));
            }
            case Effect.Notify n -> {
                Msgr2Connection c = handle(o.conn());
                if (n.event() == io.msgr2.spec.conn.ConnectionEvent.RESET
                        || n.event() == io.msgr2.spec.conn.ConnectionEvent.REMOTE_RESET) {
                    c.outboxDropped(); // the spec dropped what was queued
                }
                after.add(() -> {
                    switch (n.event()) {
                        case CONNECTED -> listener.onConnected(c);
                        case ACCEPTED -> listener.onAccepted(c);
                        case RESET -> listener.onReset(c);
                        case REMOTE_RESET -> listener.onRemoteReset(c);
                        case REFUSED -> { }
                    }
                    c.notify(n.event());
                });
            }
            case Effect.ArmTimer t -> arm(o.conn(), t);
            case Effect.CancelTimer t -> {
                Map<TimerKind, NetworkStack.Timer> ts = timers.get(o.conn());
                NetworkStack.Timer old = ts == null ? null : ts.remove(t.timer());
                if (old != null) {
                    old.cancel();
                }
            }
            case Effect.LookupSession x -> throw new AssertionError("the spec's messenger resolves lookups");
            default -> {
                Transport t = transports.computeIfAbsent(o.transport(), id -> transport(id, Role.SERVER));
                t.owner = o.conn();
                t.endpoint().submit(e);
                traceWire(o);
                if (!touched.contains(t)) {
                    touched.add(t);
                }
            }
        }
    }

    private void traceWire(Messenger.Out o) {
        if (o.effect() instanceof Effect.InstallSecure) {
            CipherWarmup.start();
        }
        if (!tracing()) {
            return; // no line to build
        }
        switch (o.effect()) {
            case Effect.SendBanner x -> traceLine(() -> "conn#" + o.conn() + " > banner " + x.banner());
            case Effect.SendFrame x -> traceLine(() -> "conn#" + o.conn() + " > " + FrameText.describe(x.frame()));
            case Effect.InstallSecure x -> traceLine(() -> "conn#" + o.conn()
                    + " secure mode from here: AES-128-GCM both ways, keyed from the " + x.connectionSecret().length()
                    + "-byte connection secret");
            case Effect.InstallCompression x -> traceLine(() -> "conn#" + o.conn() + " compression from here: "
                    + x.method() + " (frames of " + x.minSize() + " bytes or more)");
            default -> { }
        }
    }

    private Transport transport(long id, Role role) {
        return new Transport(this, id, role, options.limits(), options.receiveBuffers(), largeArrays);
    }

    /** A TCP connection the stack accepted: a new connection and transport in the spec; its banner waits to be sent. */
    private Transport accepted(InetSocketAddress peer) {
        EntityAddr seen = new EntityAddr(AddrType.MSGR2, 0, sockAddr(peer));
        Messenger.Result r = step(m -> m.accept(seen));
        return transports.computeIfAbsent(r.transport(), id -> transport(id, Role.SERVER));
    }

    private void dial(Transport t, EntityAddr target) {
        InetSocketAddress to;
        try {
            to = inet(target);
        } catch (IOException e) {
            transports.remove(t.id(), t);
            t.closed("connect to " + target + " failed: " + e.getMessage());
            return;
        }
        stack.dial(t, to, options.connectTimeout());
    }

    /** The stack reported {@code t}'s TCP connection gone: it leaves the messenger if the spec has not let it go yet. */
    void ended(Transport t) {
        transports.remove(t.id(), t);
    }

    /** A frame left through {@code t}: a message's bytes leave its connection's outbox. */
    void written(Transport t, Outgoing.Write w) {
        if (w.frame().isPresent() && w.frame().get() instanceof Message m) {
            Msgr2Connection h = handles.get(t.owner);
            if (h != null) {
                h.written(m);
            }
        }
    }

    private void arm(long conn, Effect.ArmTimer t) {
        NetworkStack.Timer[] self = new NetworkStack.Timer[1];
        Map<TimerKind, NetworkStack.Timer> ts = timers.computeIfAbsent(conn, id -> new EnumMap<>(TimerKind.class));
        self[0] = stack.schedule(t.after(), () -> {
            Map<TimerKind, NetworkStack.Timer> now = timers.get(conn);
            boolean mine;
            lock.lock();
            try {
                mine = !closed && now != null && now.get(t.timer()) == self[0];
                if (mine) {
                    now.remove(t.timer());
                }
            } finally {
                lock.unlock();
            }
            if (mine) {
                step(m -> m.onConnection(conn, new Input.TimerFired(t.timer())));
            }
        });
        NetworkStack.Timer old = ts.put(t.timer(), self[0]);
        if (old != null) {
            old.cancel();
        }
    }

    /** Stops every connection (no reset notifications) and the listeners. */
    @Override
    public void close() {
        closed = true;
        listening.forEach(NetworkStack.Listening::close);
        List<Long> ids = withLock(() -> new ArrayList<>(state.conns().keySet().toJavaList()));
        for (long id : ids) {
            command(id, new Input.CloseRequested());
        }
        transports.values().forEach(Transport::closeAfterFlush);
        transports.clear();
        withLock(() -> {
            timers.values().forEach(ts -> ts.values().forEach(NetworkStack.Timer::cancel));
            timers.clear();
            return null;
        });
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

    /** Whether trace lines go anywhere (a tracer, or the logger at TRACE): when not, none is built. */
    boolean tracing() {
        return options.tracer().isPresent() || LOG.isLoggable(System.Logger.Level.TRACE);
    }

    void traceLine(Supplier<String> line) {
        if (options.tracer().isPresent()) {
            options.tracer().get().accept(line.get());
        } else if (LOG.isLoggable(System.Logger.Level.TRACE)) {
            LOG.log(System.Logger.Level.TRACE, line.get());
        }
    }

    private <T> T withLock(Supplier<T> f) {
        lock.lock();
        try {
            return f.get();
        } finally {
            lock.unlock();
        }
    }

    long outboxLimit() {
        return options.outboxLimit();
    }

    static UTime now() {
        Instant n = Instant.now();
        return new UTime((int) n.getEpochSecond(), n.getNano());
    }

    public static SockAddr sockAddr(InetSocketAddress a) {
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
}
