package io.msgr2.conform;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.CodecWireImage;
import io.msgr2.codec.Limits;
import io.msgr2.codec.endpoint.Endpoint;
import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.codec.endpoint.Outgoing;
import io.msgr2.codec.endpoint.Received;
import io.msgr2.conform.pcap.TcpConnection;
import io.msgr2.conform.pcap.TcpEnding;
import io.msgr2.conform.pcap.TcpStream;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.Role;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.AuthNone;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.Messenger;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.conn.TimerKind;
import io.msgr2.spec.frame.Ack;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthRequest;
import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.FrameText;
import io.msgr2.spec.frame.Hello;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.frame.SessionReconnect;
import io.msgr2.spec.frame.SessionReconnectOk;
import io.msgr2.spec.frame.SessionRetry;
import io.msgr2.spec.frame.Wait;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.Msgr2Features;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays a lossless session across all its TCP connections, once as each of its two
 * messengers: one pure {@link Messenger} plays the captured messenger (its name, banner,
 * features, cookie and global_id from the capture), and every event of the session is fed
 * to it in the order of the pcap's timestamps: a TCP connection the peer dialled is
 * accepted when its SYN was captured; a connection ours dialled is bound to the next
 * {@link Effect.Connect} our messenger asked for (a backoff timer fires, or a queued
 * message wakes STANDBY, when the capture shows the dial and ours has not asked yet);
 * each of the peer's frames arrives when its last byte was captured; the application's
 * messages are handed over just before the capture shows them first (on any connection);
 * and the end of a TCP connection is the transport failure it was, at its first FIN or
 * RST. When our side ended the connection first (Ceph's fault injection shut its socket),
 * the peer's bytes captured after that were never read and are not fed; what our side
 * sent beyond the captured bytes is what the cut lost. Every byte our side sends on each
 * connection is compared with what the captured messenger sent on it.
 *
 * <p>Where Ceph processed two events of different connections in an order other than the
 * one their timestamps show (its worker threads), the replay tries the nearby orders and
 * keeps the one that reproduces Ceph's bytes; it counts them and says so.
 */
final class SessionReplay {
    private SessionReplay() {}

    static SessionReport run(CapturedSession s, List<CapturedConnection> all, Map<Long, EntityName> names, Keys keys) {
        EntityAddrVec a = s.a().orElseThrow();
        EntityAddrVec b = s.b().orElseThrow();
        String title = CaptureReplay.describe(Optional.of(a), names, "?") + " <-> "
                + CaptureReplay.describe(Optional.of(b), names, "?") + ": " + counts(s);
        List<String> lines = new ArrayList<>();
        boolean authNone = s.connections().stream().allMatch(c -> Dissector.all(c.conversation().client().frames(),
                AuthRequest.class).stream().allMatch(r -> r.method().equals(AuthMethod.NONE)));
        if (!authNone) {
            long total = s.connections().stream().mapToLong(c -> c.connection().clientToServer().length()
                    + c.connection().serverToClient().length()).sum();
            return new SessionReport(title, false, Counts.unreplayed(total), List.of("  not replayed: a lossless session across "
                    + "reconnects is replayed with auth none only so far (cephx needs each connection's authorizer "
                    + "and its keys; replay its connections one by one with --client-to-server/--server-to-client)"));
        }
        if (s.attributed() > 0) {
            lines.add("  " + s.attributed() + " connection(s) cut before any ident belong here by their ports");
        }
        Counts counts = Counts.NONE;
        boolean identical = true;
        List<Outcome> reports = new ArrayList<>();
        for (EntityAddrVec me : List.of(a, b)) {
            EntityAddrVec peer = me == a ? b : a;
            Outcome o = new Run(s, me, peer, names).replayWithReorders();
            String who = CaptureReplay.describe(Optional.of(me), names, "?").split(" ")[0];
            reports.add(o);
            lines.add(String.format("  as %s: %s%s", who, o.counts.summary(""),
                    o.reordered.isEmpty() ? "" : " (" + o.reordered.size() + " choice(s) the capture does not show, "
                            + "taken where Ceph's bytes follow: " + String.join("; ", o.reordered) + ")"));
            o.lines.forEach(l -> lines.add("    " + l));
            counts = counts.plus(o.counts);
            identical &= o.identical;
        }
        return new SessionReport(title, identical, counts, lines);
    }

    /** "31 connections, 19 reconnects, 5 retries, 4 waits". */
    private static String counts(CapturedSession s) {
        int rc = 0;
        int retry = 0;
        int wait = 0;
        for (CapturedConnection c : s.connections()) {
            rc += Dissector.all(c.conversation().client().frames(), SessionReconnect.class).size();
            retry += Dissector.all(c.conversation().server().frames(), SessionRetry.class).size();
            wait += Dissector.all(c.conversation().server().frames(), Wait.class).size();
        }
        return String.format("%d connections, %d reconnects, %d retries, %d waits", s.connections().size(), rc, retry,
                wait);
    }

    /** What one replay found. */
    record Outcome(boolean identical, Counts counts, List<String> lines, List<String> reordered,
                   int failedAt, List<Integer> guesses) {
        long same() {
            return counts.same();
        }
    }

    /** An event of the session, at the time the capture shows it. */
    record Event(long time, int seq, Kind kind, CapturedConnection conn, int item) {}

    enum Kind { ACCEPT, DIAL, CONNECTED, PEER, END, SEND }

    /** One replay of the session as one messenger; re-run with event swaps until Ceph's order is found. */
    static final class Run {
        final CapturedSession session;
        final EntityAddrVec me;
        final EntityAddrVec peer;
        final Map<Long, EntityName> names;

        Run(CapturedSession session, EntityAddrVec me, EntityAddrVec peer, Map<Long, EntityName> names) {
            this.session = session;
            this.me = me;
            this.peer = peer;
            this.names = names;
        }

        /** A debugging aid: {@code -Dmsgr2.sessionNoReorder=true} reports the first divergence as the capture orders it. */
        static final boolean NO_REORDER = Boolean.getBoolean("msgr2.sessionNoReorder");

        Outcome replayWithReorders() {
            List<Event> events = events();
            List<String> reordered = new ArrayList<>();
            Set<Integer> flips = new HashSet<>();
            Outcome o = new Attempt(this, events, flips).run();
            if (Attempt.TRACE) {
                System.err.println("first attempt: " + o.lines.getLast());
            }
            for (int round = 0; round < (NO_REORDER ? 0 : 24) && !o.identical && o.failedAt >= 0; round++) {
                // a fault whose cause the capture does not show (was a message queued?) may have
                // been guessed wrong: try the other answer, the latest guess first
                Optional<Outcome> better = Optional.empty();
                for (int k = o.guesses.size() - 1; k >= 0 && better.isEmpty(); k--) {
                    Set<Integer> f2 = new HashSet<>(flips);
                    int g = o.guesses.get(k);
                    if (!f2.remove(g)) {
                        f2.add(g);
                    }
                    Outcome t = new Attempt(this, events, f2).run();
                    if (t.identical || t.same() > o.same()) {
                        flips = f2;
                        better = Optional.of(t);
                        reordered.add("the fault ending " + describe(eventOf(events, g)) + (f2.contains(g)
                                ? " found a message queued" : " found nothing to send"));
                    }
                }
                if (better.isPresent()) {
                    o = better.get();
                    continue;
                }
                // a divergence may be an order Ceph's worker threads chose: try moving a nearby event of
                // another connection before the one that diverged (3 ms either way)
                Optional<List<Event>> moved = Optional.empty();
                int at = Math.min(o.failedAt, events.size() - 1);
                Event bad = events.get(at);
                for (int j = at; j < events.size() && moved.isEmpty(); j++) {
                    Event e = events.get(j);
                    if (e.time() - bad.time() > 3_000_000L) {
                        break;
                    }
                    if (e.conn() == bad.conn() && j != at) {
                        continue;
                    }
                    for (int i = Math.min(at, j - 1); i >= 0 && moved.isEmpty(); i--) {
                        if (bad.time() - events.get(i).time() > 3_000_000L || events.get(i).conn() == e.conn()) {
                            break; // too far back, or past an earlier event of its own connection
                        }
                        List<Event> tryIt = new ArrayList<>(events);
                        tryIt.remove(j);
                        tryIt.add(i, e);
                        if (e.kind() == Kind.DIAL) {
                            // a dial moves with its TCP connect: Ceph wrote the banner before going on
                            for (int k = i + 1; k < tryIt.size(); k++) {
                                if (tryIt.get(k).conn() == e.conn() && tryIt.get(k).kind() == Kind.CONNECTED) {
                                    tryIt.add(i + 1, tryIt.remove(k));
                                    break;
                                }
                            }
                        }
                        Outcome t = new Attempt(this, tryIt, flips).run();
                        if (t.identical || t.same() > o.same()) {
                            moved = Optional.of(tryIt);
                            reordered.add(describe(e) + " before " + describe(events.get(i)));
                            o = t;
                        }
                    }
                }
                if (moved.isEmpty()) {
                    break;
                }
                events = moved.get();
            }
            if (Attempt.TRACE) {
                System.err.println("=== final");
                new Attempt(this, events, flips).run();
            }
            return new Outcome(o.identical, o.counts, o.lines, reordered, o.failedAt, List.of());
        }

        static Event eventOf(List<Event> events, int seq) {
            return events.stream().filter(e -> e.seq() == seq).findFirst().orElseThrow();
        }

        static String describe(Event e) {
            return e.kind().name().toLowerCase() + (e.kind() == Kind.PEER ? " item " + e.item() : "") + " of "
                    + e.conn().shortName();
        }

        boolean dialledByUs(CapturedConnection c) {
            return CapturedSession.port(me).map(p -> p != c.serverPort()).orElse(true);
        }

        /** Our direction's bytes on {@code c}. */
        Bytes ours(CapturedConnection c) {
            return dialledByUs(c) ? c.connection().clientToServer() : c.connection().serverToClient();
        }

        Dissector.Direction ourFrames(CapturedConnection c) {
            return dialledByUs(c) ? c.conversation().client() : c.conversation().server();
        }

        Dissector.Direction peerFrames(CapturedConnection c) {
            return dialledByUs(c) ? c.conversation().server() : c.conversation().client();
        }

        TcpStream ourStream(CapturedConnection c) {
            TcpConnection t = c.tcp().orElseThrow();
            return dialledByUs(c) ? t.clientToServer() : t.serverToClient();
        }

        TcpStream peerStream(CapturedConnection c) {
            TcpConnection t = c.tcp().orElseThrow();
            return dialledByUs(c) ? t.serverToClient() : t.clientToServer();
        }

        /** Whether our side ended {@code c} first (its FIN or RST before the peer's), and when. */
        Optional<Long> ourCut(CapturedConnection c) {
            TcpEnding end = c.tcp().orElseThrow().ending();
            TcpConnection.Side ourSide = dialledByUs(c) ? TcpConnection.Side.CLIENT : TcpConnection.Side.SERVER;
            return switch (end) {
                case TcpEnding.Open o -> Optional.empty();
                case TcpEnding.Fin f -> f.by() == ourSide ? Optional.of(f.timeNanos()) : Optional.empty();
                case TcpEnding.Reset r -> {
                    // a FIN before the RST says who ended it
                    long ourFin = ourStream(c).finNanos().orElse(Long.MAX_VALUE);
                    long peerFin = peerStream(c).finNanos().orElse(Long.MAX_VALUE);
                    long first = Math.min(Math.min(ourFin, peerFin), r.timeNanos());
                    boolean ours = ourFin == first || ourFin > first && peerFin > first && r.by() == ourSide;
                    yield ours ? Optional.of(first) : Optional.empty();
                }
            };
        }

        Optional<Long> endTime(CapturedConnection c) {
            return switch (c.tcp().orElseThrow().ending()) {
                case TcpEnding.Open o -> Optional.empty();
                case TcpEnding.Fin f -> Optional.of(Math.min(f.timeNanos(),
                        Math.min(ourStream(c).rstNanos().orElse(Long.MAX_VALUE),
                                peerStream(c).rstNanos().orElse(Long.MAX_VALUE))));
                case TcpEnding.Reset r -> Optional.of(Math.min(r.timeNanos(), Math.min(
                        ourStream(c).finNanos().orElse(Long.MAX_VALUE), peerStream(c).finNanos().orElse(Long.MAX_VALUE))));
            };
        }

        /** Every event of the session as our messenger sees it, in capture order. */
        List<Event> events() {
            List<Event> out = new ArrayList<>();
            int seq = 0;
            Set<Long> sent = new HashSet<>();
            for (CapturedConnection c : session.connections()) {
                TcpConnection t = c.tcp().orElseThrow();
                boolean dialled = dialledByUs(c);
                out.add(new Event(t.startNanos(), seq++, dialled ? Kind.DIAL : Kind.ACCEPT, c, 0));
                if (dialled) {
                    // connected before either side's first byte (a server sends its banner at once)
                    long at = t.startNanos() + 1;
                    long first = Long.MAX_VALUE;
                    if (!ours(c).isEmpty()) {
                        first = ourStream(c).timeOf(0);
                    }
                    Bytes theirs = c.connection().serverToClient();
                    if (!theirs.isEmpty()) {
                        first = Math.min(first, peerStream(c).timeOf(0));
                    }
                    if (first != Long.MAX_VALUE) {
                        at = Math.max(at, first - 1);
                    }
                    out.add(new Event(at, seq++, Kind.CONNECTED, c, 0));
                }
                Optional<Long> cut = ourCut(c);
                Dissector.Direction pf = peerFrames(c);
                Bytes peerBytes = dialled ? c.connection().serverToClient() : c.connection().clientToServer();
                int bannerEnd = pf.spans().isEmpty() ? peerBytes.length() : pf.spans().get(0).offset();
                if (bannerEnd > 0) {
                    long time = peerStream(c).timeOf(bannerEnd - 1);
                    if (cut.isEmpty() || time < cut.get()) {
                        out.add(new Event(time, seq++, Kind.PEER, c, 0));
                    }
                }
                for (int i = 0; i < pf.spans().size(); i++) {
                    Dissector.Span sp = pf.spans().get(i);
                    long time = peerStream(c).timeOf(sp.offset() + sp.size() - 1);
                    if (cut.isEmpty() || time < cut.get()) {
                        out.add(new Event(time, seq++, Kind.PEER, c, i + 1));
                    }
                }
                Optional<Long> end = endTime(c);
                if (end.isPresent()) {
                    long at = end.get();
                    if (cut.isEmpty() && !ours(c).isEmpty()) {
                        // the peer ended it; our side noticed only after what the capture shows it write
                        at = Math.max(at, ourStream(c).timeOf(ours(c).length() - 1) + 1);
                    }
                    out.add(new Event(at, seq++, Kind.END, c, 0));
                }
                Dissector.Direction of = ourFrames(c);
                for (int i = 0; i < of.frames().size(); i++) {
                    if (of.frames().get(i) instanceof Message m && sent.add(m.header().seq())) {
                        long time = ourStream(c).timeOf(of.spans().get(i).offset()) - 1;
                        // the application handed it over before the peer's message after its ack_seq arrived
                        for (int p = 0; p < pf.frames().size(); p++) {
                            if (pf.frames().get(p) instanceof Message pm && pm.header().seq() == m.header().ackSeq() + 1) {
                                Dissector.Span sp = pf.spans().get(p);
                                time = Math.min(time, peerStream(c).timeOf(sp.offset() + sp.size() - 1) - 1);
                            }
                        }
                        out.add(new Event(time, seq++, Kind.SEND, c, i));
                    }
                }
            }
            out.sort(Comparator.comparingLong(Event::time).thenComparingInt(Event::seq));
            return out;
        }

        /** Our messenger as the captured one was. */
        Messenger messenger(List<String> notes) {
            EntityName name = names.getOrDefault(CaptureReplay.nonce(me), new EntityName(EntityType.OSD, "replay"));
            Banner banner = null;
            long gid = 0;
            long supported = 0;
            long required = 0;
            long globalId = 0;
            Optional<Long> cookie = Optional.empty();
            long peerGlobalId = 0;
            EntityType peerType = EntityType.OSD;
            for (CapturedConnection c : session.connections()) {
                boolean accepted = !dialledByUs(c);
                if (banner == null) {
                    banner = c.conversation().banners()[accepted ? 1 : 0];
                }
                if (accepted) {
                    peerType = peerTypeOf(c).orElse(peerType);
                }
                for (Frame f : ourFrames(c).frames()) {
                    switch (f) {
                        case ClientIdent ci -> {
                            gid = ci.gid();
                            supported = ci.supportedFeatures();
                            required = ci.requiredFeatures();
                            cookie = cookie.or(() -> Optional.of(ci.clientCookie()));
                        }
                        case ServerIdent si -> {
                            gid = si.gid();
                            supported = si.supportedFeatures();
                            required = si.requiredFeatures();
                            cookie = cookie.or(() -> Optional.of(si.serverCookie()));
                        }
                        case AuthRequest r when r.method().equals(AuthMethod.NONE) ->
                                globalId = AuthNone.parse(r.payload()).map(AuthNone.Request::globalId).orElse(globalId);
                        case AuthDone d when accepted -> peerGlobalId = d.globalId();
                        default -> { }
                    }
                }
            }
            Config config = ImmutableConfig.builder().name(name).auth(AuthConfig.none(name, globalId)).gid(gid)
                    .banner(banner == null ? new Banner(Msgr2Features.REVISION_1, 0) : banner)
                    .supportedFeatures(supported).requiredFeatures(required).wireImage(CodecWireImage.INSTANCE)
                    .defaultPolicy(Policy.STATELESS_SERVER).putPolicies(peerType, Policy.LOSSLESS_PEER).build();
            Env env = new Env(Entropy.scripted(cookie.map(x -> List.of(Conformance.le64(x))).orElse(List.of())), 0,
                    peerGlobalId, me, UTime.ZERO);
            notes.add(String.format("our messenger: %s, global_id %d, gid %d, cookie %s, policy lossless_peer for %s "
                    + "peers", name, globalId, gid, cookie.map(x -> "0x" + Long.toHexString(x)).orElse("none"),
                    peerType));
            return Messenger.create(config, env);
        }

        Optional<EntityType> peerTypeOf(CapturedConnection c) {
            return dialledByUs(c) ? c.serverType() : c.clientType();
        }

        /** The socket address a peer's connection came from, as our HELLO reports it. */
        EntityAddr peerSocket(CapturedConnection c) {
            for (Frame f : ourFrames(c).frames()) {
                if (f instanceof Hello h) {
                    return h.peerAddr();
                }
            }
            TcpConnection t = c.tcp().orElseThrow();
            byte[] ip = t.client().address().getAddress();
            if (t.client().address() instanceof Inet4Address && ip.length == 4) {
                return EntityAddr.v2(SockAddr.Inet4.of(ip[0] & 0xff, ip[1] & 0xff, ip[2] & 0xff, ip[3] & 0xff,
                        t.client().port()), 0);
            }
            return EntityAddr.BLANK;
        }
    }

    /** One pass over the events. */
    static final class Attempt {
        final Run run;
        final List<Event> events;
        Messenger m;
        final Map<Long, Wire> wires = new HashMap<>();
        final Map<CapturedConnection, Wire> byConn = new LinkedHashMap<>();
        final Deque<Long> pendingConnects = new ArrayDeque<>();
        final Map<Long, Long> connectAsked = new HashMap<>();
        final Map<Long, Set<TimerKind>> armed = new HashMap<>();
        final List<String> lines = new ArrayList<>();
        final Set<Integer> sentSends = new HashSet<>();
        final List<Event> sends;
        String failure;
        int failedAt = -1;
        int index;
        int timersFired;
        int wokenBySend;
        int queuedBeforeFault;
        int repliesLost;
        long fed;

        final Set<Integer> flips;
        final List<Integer> guesses = new ArrayList<>();

        Attempt(Run run, List<Event> events, Set<Integer> flips) {
            this.run = run;
            this.events = events;
            this.flips = flips;
            this.sends = events.stream().filter(e -> e.kind() == Kind.SEND).toList();
        }

        /** Our side of one captured TCP connection. */
        final class Wire {
            final CapturedConnection conn;
            final long tid;
            final Endpoint endpoint;
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final List<Frame> frames = new ArrayList<>();
            final List<Integer> offsets = new ArrayList<>();
            final Set<Long> ackSeqs = new HashSet<>();
            final Set<Long> msgAckSeqs = new HashSet<>();
            boolean closedByUs;

            Wire(CapturedConnection conn, long tid, Role role) {
                this.conn = conn;
                this.tid = tid;
                this.endpoint = new Endpoint(role, Limits.DEFAULT, Allocator.HEAP, new Hooks() {});
                Bytes peerBytes = run.dialledByUs(conn) ? conn.connection().serverToClient()
                        : conn.connection().clientToServer();
                endpoint.receiver().feed(peerBytes);
                for (Frame f : run.ourFrames(conn).frames()) {
                    if (f instanceof Ack a) {
                        ackSeqs.add(a.seq());
                    } else if (f instanceof Message msg) {
                        msgAckSeqs.add(msg.header().ackSeq());
                    }
                }
            }

            Bytes ref() {
                return run.ours(conn);
            }
        }

        Outcome run() {
            List<String> notes = new ArrayList<>();
            m = run.messenger(notes);
            lines.addAll(notes);
            if (TRACE) {
                System.err.println("=== attempt as " + run.me);
            }
            try {
                for (index = 0; index < events.size() && failure == null; index++) {
                    step(events.get(index));
                }
            } catch (RuntimeException e) {
                fail("the replay stopped: " + e);
            }
            return finish();
        }

        void fail(String why) {
            if (failure == null) {
                failure = why;
                failedAt = index;
            }
        }

        long sessionConn() {
            return m.registry().get(run.peer).getOrElse(-1L);
        }

        /** A debugging aid: {@code -Dmsgr2.sessionTrace=true} prints every event and effect to stderr. */
        static final boolean TRACE = Boolean.getBoolean("msgr2.sessionTrace");

        long now;

        void step(Event e) {
            now = e.time();
            for (long tid : pendingConnects) {
                long asked = connectAsked.getOrDefault(tid, now);
                if (now - asked > 5_000_000L) {
                    fail(String.format("our messenger asked to dial the peer at %s (%s); Ceph's did not dial within "
                            + "5 ms", time(asked), stateOf(sessionConn())));
                    return;
                }
            }
            if (TRACE) {
                long c = sessionConn();
                System.err.printf("%d.%06d %s %s | %s%n", e.time() / 1_000_000_000L % 100, e.time() / 1000 % 1_000_000,
                        e.kind(), Run.describe(e), stateOf(c));
            }
            switch (e.kind()) {
                case ACCEPT -> {
                    Messenger.Result r = m.accept(run.peerSocket(e.conn()));
                    bind(e.conn(), r.transport(), Role.SERVER);
                    take(r);
                }
                case DIAL -> {
                    if (pendingConnects.isEmpty()) {
                        long c = sessionConn();
                        if (c < 0 && firstSend().isPresent()) {
                            Messenger.Result r = m.dial(run.peer, run.peerTypeOf(e.conn()).orElse(EntityType.OSD));
                            take(r);
                        } else if (c >= 0 && armed.getOrDefault(c, Set.of()).contains(TimerKind.BACKOFF)) {
                            timersFired++;
                            armed.get(c).remove(TimerKind.BACKOFF);
                            take(m.onConnection(c, new Input.TimerFired(TimerKind.BACKOFF)));
                        } else if (c >= 0 && m.conn(c).map(x -> x.kind() == StateKind.STANDBY).orElse(false)) {
                            Optional<Event> next = firstSend();
                            if (next.isPresent()) {
                                wokenBySend++;
                                send(next.get());
                            }
                        }
                    }
                    if (pendingConnects.isEmpty()) {
                        fail(String.format("Ceph's messenger dialled %s here; ours had no reason to (%s)",
                                e.conn().shortName(), stateOf(sessionConn())));
                        return;
                    }
                    bind(e.conn(), pendingConnects.removeFirst(), Role.CLIENT);
                }
                case CONNECTED -> {
                    Wire w = byConn.get(e.conn());
                    if (w != null) {
                        take(m.onTransport(w.tid, new Input.TransportConnected()));
                    }
                }
                case PEER -> {
                    Wire w = byConn.get(e.conn());
                    if (w == null || w.closedByUs) {
                        return; // our side closed that socket: it never reads the rest
                    }
                    feed(w);
                }
                case END -> {
                    Wire w = byConn.get(e.conn());
                    if (w != null && !w.closedByUs && wouldStandBy() && redialsAtOnce(e)) {
                        // Ceph dialled again at once: its fault found a message queued (a fault with
                        // nothing to send goes to STANDBY); the application's next one was handed over
                        Optional<Event> next = firstSend();
                        if (next.isPresent()) {
                            queuedBeforeFault++;
                            send(next.get());
                        }
                    }
                    if (w != null && !w.closedByUs) {
                        // what our side wrote beyond the captured bytes never reached the wire: if
                        // that begins with a takeover's reply, Ceph never got to READY
                        boolean replyLost = firstLost(w).map(f -> f instanceof SessionReconnectOk
                                || f instanceof ServerIdent).orElse(false);
                        if (replyLost) {
                            repliesLost++;
                        }
                        take(m.onTransport(w.tid, new Input.TransportClosed("the capture shows the TCP connection end",
                                replyLost)));
                    }
                }
                case SEND -> {
                    if (!sentSends.contains(e.seq())) {
                        send(e);
                    }
                }
            }
        }

        /**
         * Whether the capture shows our messenger dialling within 2 ms after this end because its
         * fault found something to send ("initiating reconnect": a global_seq drawn by the fault
         * and one by the dial, so the dial's ident shows ours + 2) rather than going to STANDBY and
         * being woken by a new message at once (ours + 1).
         */
        boolean redialsAtOnce(Event end) {
            for (int j = index + 1; j < events.size(); j++) {
                Event x = events.get(j);
                if (x.time() - end.time() > 2_000_000L) {
                    return false;
                }
                if (x.kind() == Kind.DIAL) {
                    // unknown (cut before its ident): a guess, STANDBY first (Ceph's choice with
                    // nothing to send); the replay tries the other answer if this one diverges
                    long next = identGlobalSeq(x.conn()).orElse(-1L);
                    if (next < 0) {
                        guesses.add(end.seq());
                        return flips.contains(end.seq());
                    }
                    return next == m.env().globalSeq() + 2;
                }
            }
            return false;
        }

        /** The global_seq of the CLIENT_IDENT or first SESSION_RECONNECT ours sent on a connection it dialled. */
        Optional<Long> identGlobalSeq(CapturedConnection c) {
            for (Frame f : run.ourFrames(c).frames()) {
                if (f instanceof SessionReconnect r) {
                    return Optional.of(r.globalSeq());
                }
                if (f instanceof ClientIdent ci) {
                    return Optional.of(ci.globalSeq());
                }
            }
            return Optional.empty();
        }

        /** Whether a fault now would leave our connection in STANDBY: READY with nothing queued or unacknowledged. */
        boolean wouldStandBy() {
            long c = sessionConn();
            return c >= 0 && m.conn(c).map(x -> x.kind() == StateKind.READY && x.session().out().nothingQueued()
                    && x.session().out().sent().isEmpty()).orElse(false);
        }

        boolean somethingQueued() {
            long c = sessionConn();
            return c >= 0 && m.conn(c).map(x -> !x.session().out().nothingQueued()).orElse(false);
        }

        long inSeq() {
            long c = sessionConn();
            return c < 0 ? 0 : m.conn(c).map(x -> x.session().inSeq()).orElse(0L);
        }

        /** The ack_seq of the first MESSAGE our side wrote on this connection after what it has written so far. */
        Optional<Long> nextOwnAckSeq(Wire w) {
            Dissector.Direction own = run.ourFrames(w.conn);
            for (int i = 0; i < own.frames().size(); i++) {
                if (own.spans().get(i).offset() >= w.out.size() && own.frames().get(i) instanceof Message msg) {
                    return Optional.of(msg.header().ackSeq());
                }
            }
            return Optional.empty();
        }

        static String time(long nanos) {
            return java.time.Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L).toString();
        }

        /** Ceph's session frames on a connection, both ways in order of their direction: {@code ; RECONNECT(gs 3, cs 1, ms 65) / WAIT}. */
        String sessionFrames(CapturedConnection c) {
            List<String> up = new ArrayList<>();
            for (Frame f : c.conversation().client().frames()) {
                switch (f) {
                    case ClientIdent ci -> up.add("CLIENT_IDENT(gs " + ci.globalSeq() + ")");
                    case SessionReconnect r -> up.add("RECONNECT(gs " + r.globalSeq() + ", cs " + r.connectSeq()
                            + ", ms " + r.msgSeq() + ")");
                    default -> { }
                }
            }
            List<String> down = new ArrayList<>();
            for (Frame f : c.conversation().server().frames()) {
                switch (f) {
                    case ServerIdent si -> down.add("SERVER_IDENT(gs " + si.globalSeq() + ")");
                    case SessionReconnectOk ok -> down.add("RECONNECT_OK(ms " + ok.msgSeq() + ")");
                    case SessionRetry r -> down.add("RETRY(cs " + r.connectSeq() + ")");
                    case Wait x -> down.add("WAIT");
                    default -> { }
                }
            }
            return up.isEmpty() && down.isEmpty() ? "" : "; " + String.join(" ", up) + " / " + String.join(" ", down);
        }

        /** The first frame our side wrote on {@code w} beyond the captured bytes, if any. */
        Optional<Frame> firstLost(Wire w) {
            int captured = w.ref().length();
            for (int i = 0; i < w.frames.size(); i++) {
                if (w.offsets.get(i) >= captured) {
                    return Optional.ofNullable(w.frames.get(i));
                }
            }
            return Optional.empty();
        }

        Optional<Event> firstSend() {
            return sends.stream().filter(s -> !sentSends.contains(s.seq())).findFirst();
        }

        void send(Event e) {
            sentSends.add(e.seq());
            Message msg = (Message) run.ourFrames(e.conn()).frames().get(e.item());
            long c = sessionConn();
            if (c < 0) {
                Messenger.Result r = m.dial(run.peer, run.peerTypeOf(e.conn()).orElse(EntityType.OSD));
                take(r);
                c = r.conn();
            }
            fed += Counts.payload(msg);
            take(m.onConnection(c, new Input.SendRequested(msg)));
        }

        String stateOf(long c) {
            return c < 0 ? "no connection to the peer" : m.conn(c).map(x -> "its connection is " + x.kind()
                    + ", connect_seq " + x.session().connectSeq() + (TRACE ? ", global_seq " + m.env().globalSeq()
                    : "")).orElse("its connection is gone");
        }

        void bind(CapturedConnection c, long tid, Role role) {
            Wire w = new Wire(c, tid, role);
            wires.put(tid, w);
            byConn.put(c, w);
        }

        void feed(Wire w) {
            switch (w.endpoint.receiver().next()) {
                case Received.Banner b -> take(m.onTransport(w.tid, b.received()));
                case Received.Frame f -> {
                    Frame frame = f.received().frame();
                    boolean more = switch (frame) {
                        // Ceph's writer runs after the reader drained what had arrived: the last
                        // message of a batch is the one our ACK, or our first write, acknowledges
                        case Message msg -> !w.ackSeqs.contains(msg.header().seq())
                                && !(w.msgAckSeqs.contains(msg.header().seq()) && somethingQueued());
                        // READY: our first write acknowledges more than we had: it came after more input
                        case SessionReconnectOk ok -> nextOwnAckSeq(w).map(a -> a > inSeq()).orElse(false);
                        case ServerIdent si -> nextOwnAckSeq(w).map(a -> a > inSeq()).orElse(false);
                        case SessionReconnect rc -> nextOwnAckSeq(w).map(a -> a > inSeq()).orElse(false);
                        default -> false;
                    };
                    take(m.onTransport(w.tid, new Input.FrameReceived(frame, f.received().wire(), more)));
                }
                case Received.AwaitingFraming a -> fail("our side chose no framing after the peer's banner on "
                        + w.conn.shortName());
                case Received.Malformed x -> fail("the peer's bytes on " + w.conn.shortName() + " do not decode: "
                        + x.error().kind());
                default -> { }
            }
        }

        void take(Messenger.Result r) {
            m = r.messenger();
            for (Messenger.Out o : r.effects()) {
                Effect e = o.effect();
                if (TRACE) {
                    System.err.println("    -> conn " + o.conn() + " tid " + o.transport() + " " + e);
                }
                switch (e) {
                    case Effect.Connect c -> {
                        pendingConnects.addLast(o.transport());
                        connectAsked.put(o.transport(), now);
                    }
                    case Effect.ArmTimer t -> armed.computeIfAbsent(o.conn(), k -> EnumSet.noneOf(TimerKind.class))
                            .add(t.timer());
                    case Effect.CancelTimer t -> armed.getOrDefault(o.conn(), EnumSet.noneOf(TimerKind.class))
                            .remove(t.timer());
                    case Effect.CloseTransport c -> {
                        Wire w = wires.get(o.transport());
                        if (w != null) {
                            w.closedByUs = true;
                        } else {
                            pendingConnects.remove(o.transport());
                        }
                    }
                    default -> { }
                }
                Wire w = wires.get(o.transport());
                if (w == null || !w.endpoint.submit(e)) {
                    continue;
                }
                for (Outgoing out; !((out = w.endpoint.sender().next()) instanceof Outgoing.Idle); ) {
                    if (out instanceof Outgoing.Write wr) {
                        write(w, wr.wire().toBytes(), wr.frame().orElse(null));
                    } else if (out instanceof Outgoing.Refused ref) {
                        fail("our encoder refused " + ref.frame().tag() + ": " + ref.input().detail());
                    }
                }
            }
        }

        void write(Wire w, Bytes b, Frame frame) {
            int at = w.out.size();
            w.offsets.add(at);
            w.frames.add(frame);
            w.out.write(b.unsafeArray(), b.unsafeOffset(), b.length());
            Bytes ref = w.ref();
            int n = Math.min(w.out.size(), ref.length());
            byte[] o = w.out.toByteArray();
            for (int i = at; i < n; i++) {
                if (o[i] != (byte) ref.u8(i)) {
                    fail(describe(w, i, frame));
                    return;
                }
            }
            if (w.out.size() > ref.length() && !w.conn.ended()) {
                fail(String.format("%s: the capture ends there (the connection is still open), our side sent more: %s",
                        w.conn.shortName(), frame == null ? "its banner" : frame.tag() + " " + FrameText.fields(frame)));
            }
        }

        String describe(Wire w, int at, Frame mine) {
            Dissector.Direction own = run.ourFrames(w.conn);
            StringBuilder sb = new StringBuilder(String.format("%s (%s): first difference at byte 0x%x of our stream",
                    w.conn.shortName(), w.conn.connection().name(), at));
            for (int i = 0; i < own.spans().size(); i++) {
                Dissector.Span s = own.spans().get(i);
                if (at >= s.offset() && at < s.offset() + s.size()) {
                    Frame theirs = own.frames().get(i);
                    sb.append(String.format(", in Ceph's frame %d %s%n  ours:   %s %s%n  Ceph's: %s %s", i + 1,
                            theirs.tag(), mine == null ? "BANNER" : mine.tag(), mine == null ? ""
                                    : FrameText.fields(mine), theirs.tag(), FrameText.fields(theirs)));
                    if (mine != null) {
                        Replay.fieldDifference(mine, theirs).ifPresent(d -> sb.append("\n  field: ").append(d));
                    }
                }
            }
            return sb.toString();
        }

        Outcome finish() {
            long same = 0;
            long total = 0;
            long lost = 0;
            List<String> perConn = new ArrayList<>();
            for (CapturedConnection c : run.session.connections()) {
                Bytes ref = run.ours(c);
                total += ref.length();
                Wire w = byConn.get(c);
                if (w == null) {
                    perConn.add(String.format("  %s: not reached", c.shortName()));
                    continue;
                }
                byte[] o = w.out.toByteArray();
                int n = Math.min(o.length, ref.length());
                int i = 0;
                while (i < n && o[i] == (byte) ref.u8(i)) {
                    i++;
                }
                same += i;
                perConn.add(String.format("  %s %s: %d of %d bytes%s%s", c.shortName(), run.dialledByUs(c)
                        ? "dialled" : "accepted", i, ref.length(), o.length > ref.length()
                        ? ", " + (o.length - ref.length()) + " more lost to the cut" : "", sessionFrames(c)));
                if (failure == null && o.length < ref.length()) {
                    fail(String.format("%s: our side stopped after %d of Ceph's %d bytes", c.shortName(), o.length,
                            ref.length()));
                }
                if (o.length > ref.length()) {
                    lost += o.length - ref.length();
                }
            }
            if (failure == null) {
                for (CapturedConnection c : run.session.connections()) {
                    if (!byConn.containsKey(c)) {
                        fail(c.shortName() + " was never reached");
                    }
                }
            }
            if (failure == null && !pendingConnects.isEmpty()) {
                fail(pendingConnects.size() + " dial(s) of ours that Ceph's messenger did not make");
            }
            boolean identical = failure == null && same == total;
            List<String> out = new ArrayList<>(lines);
            out.addAll(perConn);
            out.add(String.format("%d connections, %d backoff timers fired when the capture shows the dial, %d "
                    + "STANDBY wake-ups by the next queued message, %d messages queued before a fault that Ceph answered by "
                    + "dialling at once, %d takeover replies the cut lost (so READY was never reached); %d bytes our side "
                    + "sent beyond cuts (what the cut lost)", byConn.size(), timersFired, wokenBySend, queuedBeforeFault,
                    repliesLost, lost));
            if (failure != null) {
                out.add(failure);
            }
            // nothing is taken from the capture here: no compressor is installed in place of ours
            return new Outcome(identical, new Counts(total, same, java.util.Map.of(), fed), out, List.of(), failedAt,
                    guesses);
        }
    }
}
