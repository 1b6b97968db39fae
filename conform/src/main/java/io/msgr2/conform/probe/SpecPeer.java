package io.msgr2.conform.probe;

import io.msgr2.codec.CodecWireImage;
import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.Role;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.conn.Compression;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.Messenger;
import io.msgr2.spec.auth.cephx.Tickets;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Hello;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A client that is our spec and codec on a plain socket, with one deviation given as the
 * endpoint's {@link Hooks}: it authenticates as a real client does (auth none, or cephx with
 * a key: the probe needs no script of the server's answers), and breaks exactly the rule the
 * scenario names. Once READY it runs the scenario's follow-up inputs (a message, a
 * keepalive). It collects every banner and frame the server sent and how the TCP connection
 * ended; single-threaded, bounded by the timeout.
 */
final class SpecPeer {
    private SpecPeer() {}

    /** Who the peer is: its auth (none as client.admin unless a key was given) and framing. */
    record Identity(io.msgr2.spec.wire.EntityName name, AuthConfig auth, boolean rev1, boolean compressionBit) {
        Config config() {
            Banner b = rev1 ? Banner.PACIFIC
                    : new Banner(Banner.PACIFIC.supported() & ~io.msgr2.spec.wire.Msgr2Features.REVISION_1, 0);
            // with the bit, the spec negotiates as Quincy+ does (COMPRESSION_REQUEST, nothing compressed)
            return ImmutableConfig.builder().name(name).auth(auth).banner(b)
                    .compression(compressionBit ? Compression.DECLINE : Compression.OFF)
                    .wireImage(CodecWireImage.INSTANCE).build();
        }
    }

    /** What happened: what the server sent, whether our side reached READY, and the tickets it holds then. */
    record Run(Observed observed, boolean reachedReady, Tickets tickets) {}

    /** The server's entity type, from the HELLO it answers our banner and HELLO with; empty if none came. */
    static Optional<EntityType> peerType(InetSocketAddress target, Duration timeout) throws IOException {
        Observed o = RawPeer.exchange(target, timeout, Bytes.concat(ServerScenarios.ours(true),
                RawPeer.frame(ServerScenarios.hello(target), true)), false, true, f -> f.tag() == Tag.HELLO);
        return o.frames().stream().filter(Hello.class::isInstance).map(f -> ((Hello) f).entityType()).findFirst();
    }

    /** cephx tickets from the mon at {@code mon} (AUTH_DONE carries the service tickets a client wants). */
    static Optional<Tickets> tickets(InetSocketAddress mon, Duration timeout, Identity who) throws IOException {
        Run r = run(mon, 0, timeout, who, EntityType.MON, Tickets.NONE, Hooks.NONE, now -> List.of(),
                fs -> fs.stream().anyMatch(f -> f.tag() == Tag.SERVER_IDENT));
        return r.reachedReady() ? Optional.of(r.tickets()) : Optional.empty();
    }

    /**
     * Connects to {@code target} as {@code who}, deviating by {@code hooks}; once READY, feeds
     * {@code afterReady}'s inputs (made with the time); stops when {@code done} holds for the
     * frames so far, when the peer closes, or at the timeout.
     */
    static Run run(InetSocketAddress target, int nonce, Duration timeout, Identity who, EntityType peerType,
                   Tickets tickets, Hooks hooks, Function<UTime, List<Input>> afterReady, Predicate<List<Frame>> done)
            throws IOException {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        EntityAddr blank = new EntityAddr(AddrType.ANY, new SecureRandom().nextInt() & 0x7fffffff,
                SockAddr.Inet4.of(0, 0, 0, 0, 0));
        Messenger m = Messenger.create(who.config(), new Env(Entropy.drbg(Bytes.wrap(seed)), 0, 0,
                EntityAddrVec.of(blank), now())).withTickets(tickets);
        byte[] ip = target.getAddress().getAddress();
        SockAddr.Inet4 sa = ip.length == 4 ? SockAddr.Inet4.of(ip[0] & 0xff, ip[1] & 0xff, ip[2] & 0xff, ip[3] & 0xff,
                target.getPort()) : SockAddr.Inet4.loopback(target.getPort());
        EntityAddrVec peer = EntityAddrVec.of(EntityAddr.v2(sa, nonce)); // a daemon checks the nonce too
        State s = new State(m, hooks);
        s.step(s.messenger.at(now()).dial(peer, peerType));
        try (Socket sock = new Socket()) {
            sock.connect(target, (int) timeout.toMillis());
            sock.setTcpNoDelay(true);
            sock.setSoTimeout(50);
            s.step(s.messenger.at(now()).onTransport(s.transport, new Input.TransportConnected()));
            OutputStream os = sock.getOutputStream();
            InputStream is = sock.getInputStream();
            byte[] buf = new byte[65536];
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean closed = false;
            boolean followed = false;
            while (System.nanoTime() < deadline && !s.weClosed) {
                if (done.test(s.wire.frames)) {
                    break; // seen enough: nothing more goes out
                }
                try {
                    s.wire.flush(os);
                } catch (IOException e) {
                    closed = true; // the peer reset while we wrote; what it sent before still counts
                }
                if (!followed && s.ready()) {
                    followed = true;
                    for (Input in : afterReady.apply(now())) {
                        s.step(s.messenger.at(now()).onConnection(s.conn(), in));
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
                    s.feed(Bytes.EMPTY, true);
                    break;
                }
                s.feed(Bytes.wrap(java.util.Arrays.copyOf(buf, n)), false);
            }
            s.ready();
            return new Run(s.wire.observed(closed), s.wasReady, s.messenger.env().tickets());
        }
    }

    static UTime now() {
        Instant n = Instant.now();
        return new UTime((int) n.getEpochSecond(), n.getNano());
    }

    /** The one connection: the spec's messenger and its wire. */
    private static final class State {
        Messenger messenger;
        final ProbeWire wire;
        long transport;
        boolean weClosed;
        boolean wasReady;

        State(Messenger m, Hooks hooks) {
            this.messenger = m;
            this.wire = new ProbeWire(Role.CLIENT, hooks);
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
                    case Effect.Connect c -> transport = o.transport();
                    case Effect.CloseTransport c -> weClosed = true;
                    default -> wire.endpoint.submit(o.effect()); // the wire's; timers and deliveries we ignore
                }
            }
        }

        void feed(Bytes in, boolean end) {
            wire.feed(in, input -> {
                if (!weClosed) {
                    step(messenger.at(now()).onTransport(transport, input));
                }
                return true;
            });
            if (end && !weClosed) {
                step(messenger.at(now()).onTransport(transport, new Input.TransportClosed("the server closed the connection")));
            }
        }
    }
}
