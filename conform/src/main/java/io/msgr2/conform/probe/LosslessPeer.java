package io.msgr2.conform.probe;

import io.msgr2.codec.CodecWireImage;
import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.Role;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.cephx.Tickets;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.Messenger;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.conn.TimerKind;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.SockAddr;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A lossless peer (as {@code osd.N} to an OSD's cluster address, Ceph's lossless_peer policy)
 * on our spec and codec that establishes a session, cuts its TCP connection {@code cleanCuts + 1}
 * times and reconnects each time as the spec decides (SESSION_RECONNECT); only the last
 * connection goes through the deviation {@code hooks}. What the server answered on that last
 * connection is the observation.
 */
final class LosslessPeer {
    private LosslessPeer() {}

    static Observed run(InetSocketAddress target, int nonce, Duration timeout, EntityName name, AuthConfig auth,
                        boolean rev1, Tickets tickets, int cleanReconnects, Hooks lastHooks,
                        Predicate<List<Frame>> done) throws IOException {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        Banner banner = rev1 ? Banner.PACIFIC
                : new Banner(Banner.PACIFIC.supported() & ~io.msgr2.spec.wire.Msgr2Features.REVISION_1, 0);
        var config = ImmutableConfig.builder().name(name).auth(auth).banner(banner)
                .putPolicies(EntityType.OSD, Policy.LOSSLESS_PEER).wireImage(CodecWireImage.INSTANCE).build();
        EntityAddr blank = new EntityAddr(AddrType.ANY, new SecureRandom().nextInt() & 0x7fffffff,
                SockAddr.Inet4.of(0, 0, 0, 0, 0));
        Messenger m = Messenger.create(config, new Env(Entropy.drbg(Bytes.wrap(seed)), 0, 0, EntityAddrVec.of(blank),
                SpecPeer.now())).withTickets(tickets);
        byte[] ip = target.getAddress().getAddress();
        SockAddr.Inet4 sa = SockAddr.Inet4.of(ip[0] & 0xff, ip[1] & 0xff, ip[2] & 0xff, ip[3] & 0xff, target.getPort());
        Loop l = new Loop(m);
        l.step(l.messenger.at(SpecPeer.now()).dial(EntityAddrVec.of(EntityAddr.v2(sa, nonce)), EntityType.OSD));
        long deadline = System.nanoTime() + timeout.toNanos();
        Observed last = new Observed(Optional.empty(), List.of(), false, false, 0);
        for (int i = 0; i <= cleanReconnects + 1 && System.nanoTime() < deadline; i++) {
            boolean deviating = i == cleanReconnects + 1;
            last = l.connection(target, deadline, deviating ? lastHooks : Hooks.NONE,
                    deviating ? done : fs -> false);
            if (!deviating) {
                if (!l.wasReady) {
                    return last; // never got a session: the caller sees why
                }
                // the cut: our side sees the TCP connection close; with nothing to send a lossless peer waits in
                // STANDBY, so a message is queued (a PING, which an OSD accepts and drops), and the backoff fires
                long before = l.transport;
                l.step(l.messenger.at(SpecPeer.now()).onTransport(l.transport, new Input.TransportClosed("probe cut")));
                l.step(l.messenger.at(SpecPeer.now()).onConnection(l.conn, AfterAuthScenarios.pingThenKeepalive(
                        SpecPeer.now()).get(0)));
                for (int t = 0; t < 4 && l.transport == before; t++) {
                    for (TimerKind k : List.copyOf(l.armed)) {
                        l.armed.remove(k);
                        l.step(l.messenger.at(SpecPeer.now()).onConnection(l.conn, new Input.TimerFired(k)));
                    }
                }
            }
        }
        return last;
    }

    /** The messenger across connections. */
    private static final class Loop {
        Messenger messenger;
        long transport = -1;
        long conn = -1;
        final List<TimerKind> armed = new ArrayList<>();
        ProbeWire wire;
        boolean weClosed;
        boolean wasReady;

        Loop(Messenger m) {
            this.messenger = m;
        }

        void step(Messenger.Result r) {
            messenger = r.messenger();
            if (conn < 0 && r.conn() >= 0) {
                conn = r.conn();
            }
            for (Messenger.Out o : r.effects()) {
                switch (o.effect()) {
                    case Effect.Connect c -> transport = o.transport();
                    case Effect.CloseTransport c -> weClosed = true;
                    case Effect.ArmTimer a -> armed.add(a.timer());
                    case Effect.CancelTimer c -> armed.remove(c.timer());
                    default -> {
                        if (wire != null) {
                            wire.endpoint.submit(o.effect());
                        }
                    }
                }
            }
        }

        boolean ready() {
            boolean r = messenger.conn(conn).map(c -> c.kind() == StateKind.READY).orElse(false);
            wasReady |= r;
            return r;
        }

        /** One TCP connection of the session, until READY (or {@code done}), a close, or the deadline. */
        Observed connection(InetSocketAddress target, long deadline, Hooks hooks, Predicate<List<Frame>> done)
                throws IOException {
            wire = new ProbeWire(Role.CLIENT, hooks);
            weClosed = false;
            wasReady = false;
            boolean closed = false;
            try (Socket sock = new Socket()) {
                sock.connect(target, (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                sock.setTcpNoDelay(true);
                sock.setSoTimeout(50);
                step(messenger.at(SpecPeer.now()).onTransport(transport, new Input.TransportConnected()));
                OutputStream os = sock.getOutputStream();
                InputStream is = sock.getInputStream();
                byte[] buf = new byte[65536];
                while (System.nanoTime() < deadline && !weClosed && !done.test(wire.frames)) {
                    wire.flush(os);
                    if (ready() && hooks == Hooks.NONE) {
                        break; // a clean connection has done its part: the session is (re)established
                    }
                    int n = ProbeWire.read(is, buf);
                    if (n == ProbeWire.QUIET) {
                        continue;
                    }
                    if (n < 0) {
                        closed = true;
                        break;
                    }
                    wire.feed(Bytes.wrap(java.util.Arrays.copyOf(buf, n)), input -> {
                        if (!weClosed) {
                            step(messenger.at(SpecPeer.now()).onTransport(transport, input));
                        }
                        return true;
                    });
                }
            }
            ready();
            return wire.observed(closed);
        }
    }
}
