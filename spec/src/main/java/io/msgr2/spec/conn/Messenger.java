package io.msgr2.spec.conn;

import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.SessionReconnect;
import io.msgr2.spec.frame.SessionReset;
import io.msgr2.spec.frame.SessionRetry;
import io.msgr2.spec.frame.SessionRetryGlobal;
import io.msgr2.spec.frame.Wait;
import io.msgr2.spec.internal.SessionDecisions;
import io.msgr2.spec.session.Session;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityType;
import io.vavr.collection.HashMap;
import io.vavr.collection.Map;
import io.vavr.collection.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A messenger: every connection of one Ceph entity, the registry that finds the connection
 * to a peer by its addresses, and the shared environment (global_seq counter, randomness,
 * our addresses). Pure, like {@link Step}: each call returns the next messenger and the
 * effects, each tagged with the connection and the transport (TCP connection) it concerns.
 *
 * <p>Connections are numbered by the messenger; so are transports: a dial's
 * {@link Effect.Connect} carries a new transport id, and {@link #accept} assigns one to an
 * accepted socket. Inputs about bytes and sockets name the transport, commands and timers
 * name the connection. A transport the messenger no longer maps (closed, replaced) is
 * stale: its inputs are ignored. When an accepting connection must consult the registry
 * ({@link Effect.LookupSession}), the messenger decides ({@code internal.SessionDecisions}) within
 * the same call, which may let an existing connection take over the new TCP connection.
 *
 * <p>A connection that reaches CLOSED leaves the registry and its transport at once; its
 * record stays in {@link #conns()}, for inspection, while it is among the
 * {@link Config#closedHistory()} (64 unless set) most recently closed ones. {@code closed}
 * holds their ids, oldest first; when a call leaves more than that many, the oldest records
 * leave {@code conns} (only CLOSED ones: a live connection is never evicted). A connection
 * whose record is gone is like one the messenger never had: inputs for it are ignored and
 * {@link #conn(long)} is empty. So a long-running server keeps no more than that many
 * closed records, however many connections it has seen.
 */
public record Messenger(Config config, Env env, Map<Long, Conn> conns, Map<Long, Long> transportOf,
                        Map<Long, Long> connOf, Map<EntityAddrVec, Long> registry, Queue<Long> closed,
                        long nextId) {
    /** No transport. */
    public static final long NONE = -1;

    /** An effect for the driver, about connection {@code conn} on transport {@code transport}. */
    public record Out(long conn, long transport, Effect effect) {}

    /** The next messenger, the effects in order, and the connection/transport the call created or found. */
    public record Result(Messenger messenger, List<Out> effects, long conn, long transport) {}

    public static Messenger create(Config config, Env env) {
        return new Messenger(config, env, HashMap.empty(), HashMap.empty(), HashMap.empty(), HashMap.empty(),
                Queue.empty(), 1);
    }

    public Optional<Conn> conn(long id) {
        return conns.get(id).toJavaOptional();
    }

    /**
     * A connection to the peer at {@code peer} (its address vector; we dial its v2
     * address), where a {@code peerType} should answer. An existing live connection to the
     * same addresses is returned instead of a new one, as Ceph's {@code connect_to} does.
     */
    public Result dial(EntityAddrVec peer, EntityType peerType) {
        var found = registry.get(peer).filter(id -> conns.get(id).exists(c -> c.kind() != StateKind.CLOSED));
        if (found.isDefined()) {
            return new Result(this, List.of(), found.get(), transportOf.get(found.get()).getOrElse(NONE));
        }
        long id = nextId;
        Transition t = Conn.dial(config, env, ServerSessionPhase.inferTarget(peer), peerType);
        Messenger m = new Messenger(config, env, conns, transportOf, connOf, registry.put(peer, id), closed,
                nextId + 1);
        List<Out> out = new ArrayList<>();
        m = m.apply(id, t, out).trim();
        return new Result(m, out, id, m.transportOf.get(id).getOrElse(NONE));
    }

    /** A TCP connection we accepted from {@code peerSocketAddr}: a new connection and transport. */
    public Result accept(io.msgr2.spec.wire.EntityAddr peerSocketAddr) {
        long id = nextId;
        long tid = nextId + 1;
        Transition t = Conn.accept(config, env, peerSocketAddr);
        Messenger m = new Messenger(config, env, conns, transportOf.put(id, tid), connOf.put(tid, id), registry, closed,
                nextId + 2);
        List<Out> out = new ArrayList<>();
        m = m.apply(id, t, out).trim();
        return new Result(m, out, id, tid);
    }

    /** Something happened on transport {@code transport} (bytes, connect, close). Stale transports are ignored. */
    public Result onTransport(long transport, Input in) {
        var id = connOf.get(transport);
        if (id.isEmpty()) {
            return new Result(this, List.of(), NONE, transport);
        }
        return onConnection(id.get(), in);
    }

    /** A command or timer for connection {@code conn}. Unknown connections (and forgotten closed ones) are ignored. */
    public Result onConnection(long conn, Input in) {
        var c = conns.get(conn);
        if (c.isEmpty()) {
            return new Result(this, List.of(), conn, NONE);
        }
        List<Out> out = new ArrayList<>();
        Messenger m = apply(conn, Step.step(c.get().withEnv(env), in), out).trim();
        return new Result(m, out, conn, m.transportOf.get(conn).getOrElse(NONE));
    }

    /** Stores a connection's transition and routes its effects, resolving registry lookups on the way. */
    private Messenger apply(long id, Transition t, List<Out> out) {
        Conn c = t.conn();
        Messenger m = withEnv(c.env()).withConn(id, c);
        for (Effect e : t.effects()) {
            m = m.route(id, e, out);
        }
        Conn now = m.conns.get(id).get();
        if (now.kind() == StateKind.CLOSED) {
            m = m.forget(id);
        }
        return m;
    }

    private Messenger route(long id, Effect e, List<Out> out) {
        long tid = transportOf.get(id).getOrElse(NONE);
        return switch (e) {
            case Effect.Connect c -> {
                long fresh = nextId;
                out.add(new Out(id, fresh, e));
                yield new Messenger(config, env, conns, transportOf.put(id, fresh), connOf.put(fresh, id), registry,
                        closed, nextId + 1);
            }
            case Effect.CloseTransport c -> {
                out.add(new Out(id, tid, e));
                yield unbind(id);
            }
            case Effect.LookupSession l -> resolve(id, l.frame(), l.more(), out);
            default -> {
                out.add(new Out(id, tid, e));
                yield this;
            }
        };
    }

    /** The registry's decision for an accepting connection {@code nId} that received CLIENT_IDENT or SESSION_RECONNECT. */
    private Messenger resolve(long nId, Frame frame, boolean more, List<Out> out) {
        Conn n = conns.get(nId).get().withEnv(env);
        Link link = n.link().orElseThrow();
        EntityAddrVec peer = n.session().peer().addrs();
        Optional<Long> eId = registry.get(peer).filter(id -> id != nId).toJavaOptional();
        Optional<Conn> e = eId.map(id -> conns.get(id).get());
        var me = env.myAddrs().msgr2Addr();
        if (frame instanceof ClientIdent) {
            return switch (SessionDecisions.onClientIdent(n, e, me)) {
                case SessionDecisions.OnIdent.NewSession x -> register(peer, nId)
                        .apply(nId, ServerSessionPhase.newSession(n, link, new io.msgr2.spec.conn.Out()), out);
                case SessionDecisions.OnIdent.StopIncoming x -> apply(nId, Faults.stop(n,
                        new CloseReason.Stale(n.session().peerGlobalSeq(), e.get().session().peerGlobalSeq()), false), out);
                case SessionDecisions.OnIdent.StopExistingThenNew x -> {
                    Messenger m = apply(eId.get(), Faults.stop(e.get().withEnv(env), new CloseReason.Replaced(), true), out);
                    Conn n2 = m.conns.get(nId).get().withEnv(m.env);
                    yield m.register(peer, nId).apply(nId, ServerSessionPhase.newSession(n2, link,
                            new io.msgr2.spec.conn.Out()), out);
                }
                case SessionDecisions.OnIdent.TakeOver x -> takeOver(eId.get(), nId, false, x.resetExisting(), false,
                        out);
                case SessionDecisions.OnIdent.Wait x -> {
                    Messenger m = nudge(eId.get(), out);
                    yield m.apply(nId, ServerSessionPhase.reply(n.withEnv(m.env), link, new Wait()), out);
                }
            };
        }
        SessionReconnect r = (SessionReconnect) frame;
        return switch (SessionDecisions.onReconnect(n, r, e, me)) {
            case SessionDecisions.OnReconnect.Reset x -> apply(nId, ServerSessionPhase.reply(n, link,
                    new SessionReset(x.full())), out);
            case SessionDecisions.OnReconnect.RetryGlobal x -> apply(nId, ServerSessionPhase.reply(n, link,
                    new SessionRetryGlobal(x.globalSeq())), out);
            case SessionDecisions.OnReconnect.Retry x -> apply(nId, ServerSessionPhase.reply(n, link,
                    new SessionRetry(x.connectSeq())), out);
            case SessionDecisions.OnReconnect.Wait x -> apply(nId, ServerSessionPhase.reply(n, link, new Wait()), out);
            case SessionDecisions.OnReconnect.TakeOver x -> {
                Conn ex = e.get();
                Session s = ex.session().withSeqs(ex.session().globalSeq(), r.connectSeq()).withMessageSeq(r.msgSeq());
                yield withConn(eId.get(), ex.withSession(s)).takeOver(eId.get(), nId, true, false, more, out);
            }
        };
    }

    /**
     * {@code reuse_connection}: the existing connection E adopts N's TCP connection (already
     * authenticated, crypto installed), closes its own, requeues what it sent, takes N's
     * peer_global_seq (and, for a new session, N's cookie and identity), and answers on the
     * adopted connection: SERVER_IDENT, or RECONNECT_OK when resuming. N is closed without a
     * notification: its transport lives on as E's.
     */
    private Messenger takeOver(long eId, long nId, boolean reconnecting, boolean resetExisting, boolean more,
                               List<Out> out) {
        Conn e = conns.get(eId).get().withEnv(env);
        Conn n = conns.get(nId).get();
        long eTid = transportOf.get(eId).getOrElse(NONE);
        long nTid = transportOf.get(nId).get();
        if (e.hasTransport()) {
            out.add(new Out(eId, eTid, new Effect.CloseTransport(new CloseReason.Replaced())));
        }
        out.add(new Out(eId, NONE, new Effect.CancelTimer(TimerKind.BACKOFF)));
        Session s = e.session();
        if (resetExisting) {
            s = s.reset();
            out.add(new Out(eId, NONE, new Effect.Notify(ConnectionEvent.REMOTE_RESET)));
        }
        s = Faults.requeue(s);
        if (!reconnecting) {
            s = s.withCookies(n.session().clientCookie(), s.serverCookie()).withPeer(n.session().peer());
        }
        s = s.withPeerGlobalSeq(n.session().peerGlobalSeq());
        Link link = n.link().orElseThrow();
        Conn e2 = e.withSession(s).withTarget(n.target()).withPhase(new Phase.SessionAccepting(link));
        Messenger m = unbind(eId).unbind(nId)
                .withConn(nId, n.withPhase(new Phase.Closed(new CloseReason.Replaced())))
                .forget(nId);
        m = new Messenger(config, m.env, m.conns, m.transportOf.put(eId, nTid), m.connOf.put(nTid, eId), m.registry,
                m.closed, m.nextId).register(s.peer().addrs(), eId);
        Transition t = reconnecting
                ? ServerSessionPhase.reconnectOk(e2, link, new io.msgr2.spec.conn.Out(), more)
                : ServerSessionPhase.newSession(e2, link, new io.msgr2.spec.conn.Out());
        return m.apply(eId, t, out);
    }

    /** Before answering WAIT, the winner of a connect race is asked to send a keepalive so that it surely completes. */
    private Messenger nudge(long eId, List<Out> out) {
        return apply(eId, Faults.keepalive(conns.get(eId).get().withEnv(env)), out);
    }

    private Messenger register(EntityAddrVec peer, long id) {
        return new Messenger(config, env, conns, transportOf, connOf, registry.put(peer, id), closed, nextId);
    }

    private Messenger unbind(long id) {
        var tid = transportOf.get(id);
        if (tid.isEmpty()) {
            return this;
        }
        return new Messenger(config, env, conns, transportOf.remove(id), connOf.remove(tid.get()), registry, closed,
                nextId);
    }

    /**
     * A closed connection leaves the registry and its transport. Its record stays in
     * {@code conns}, for inspection, until {@link #trim} evicts it (it joined {@code closed}
     * in {@link #withConn} when it reached CLOSED).
     */
    private Messenger forget(long id) {
        var reg = registry.filter(entry -> entry._2 != id);
        return new Messenger(config, env, conns, transportOf, connOf, reg, closed, nextId).unbind(id);
    }

    /**
     * Keeps the records of the {@link Config#closedHistory()} most recently closed connections:
     * older ones leave {@code conns}. Called once a public call has done everything else, so
     * no step in progress loses a record it still reads. Only CLOSED records are removed.
     */
    private Messenger trim() {
        int keep = Math.max(0, config.closedHistory());
        if (closed.size() <= keep) {
            return this;
        }
        Queue<Long> q = closed;
        Map<Long, Conn> cs = conns;
        while (q.size() > keep) {
            long id = q.head();
            q = q.tail();
            if (cs.get(id).exists(c -> c.kind() == StateKind.CLOSED)) {
                cs = cs.remove(id);
            }
        }
        return new Messenger(config, env, cs, transportOf, connOf, registry, q, nextId);
    }

    /** Stores a connection's state; one that reaches CLOSED (CLOSED absorbs, so once) joins {@code closed}. */
    private Messenger withConn(long id, Conn c) {
        boolean closing = c.kind() == StateKind.CLOSED
                && !conns.get(id).exists(old -> old.kind() == StateKind.CLOSED);
        return new Messenger(config, env, conns.put(id, c), transportOf, connOf, registry,
                closing ? closed.append(id) : closed, nextId);
    }

    private Messenger withEnv(Env e) {
        return new Messenger(config, e, conns, transportOf, connOf, registry, closed, nextId);
    }

    /** The application's clock, read before a step: cephx stamps and times tickets with it. */
    public Messenger at(io.msgr2.spec.wire.UTime now) {
        return withEnv(env.withNow(now));
    }

    /**
     * Tickets the application obtained itself (an MAuth exchange with a mon), or the same
     * tickets another messenger holds; connections dialled from now on use them.
     */
    public Messenger withTickets(io.msgr2.spec.auth.cephx.Tickets t) {
        return withEnv(env.withTickets(t));
    }
}
