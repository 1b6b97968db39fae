package io.msgr2.spec.conn;

import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.IdentMissingFeatures;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.frame.SessionReconnect;
import io.msgr2.spec.frame.SessionReconnectOk;
import io.msgr2.spec.frame.SessionReset;
import io.msgr2.spec.frame.SessionRetry;
import io.msgr2.spec.frame.SessionRetryGlobal;
import io.msgr2.spec.frame.Wait;
import io.msgr2.spec.session.Session;
import java.time.Duration;

/**
 * SESSION_CONNECTING and SESSION_RECONNECTING: after authentication the client either
 * starts a session (CLIENT_IDENT, answered by SERVER_IDENT) or resumes one
 * (SESSION_RECONNECT, answered by RECONNECT_OK, RETRY, RETRY_GLOBAL, RESET or WAIT).
 */
final class ClientSessionPhase {
    private ClientSessionPhase() {}

    /** After the signatures: CLIENT_IDENT without a server cookie, SESSION_RECONNECT with one. */
    static Transition start(Conn c, Link link) {
        return c.session().hasSession() ? sendReconnect(c, link, new Out()) : sendClientIdent(c, link, new Out());
    }

    /**
     * Sends CLIENT_IDENT (SESSION_CONNECTING): our addresses, the address we dialled, our
     * gid, this attempt's global_seq, our features (MSG_ADDR2 always required), the lossy
     * flag, and the client cookie, drawn once per session when lossless (0 when lossy).
     */
    static Transition sendClientIdent(Conn c, Link link, Out out) {
        Session s = c.session();
        Env env = c.env();
        long cookie = s.clientCookie();
        if (!s.policy().lossy() && cookie == 0) {
            Env.Draw<Long> d = env.cookie();
            cookie = d.value();
            env = d.env();
        }
        s = s.withCookies(cookie, s.serverCookie());
        ClientIdent ident = new ClientIdent(env.myAddrs(), link.peerAddr(), c.config().gid(), s.globalSeq(),
                c.config().supportedFeatures(), c.config().requiredWithAddr2(),
                s.policy().lossy() ? ClientIdent.FLAG_LOSSY : 0, cookie);
        Link l = out.send(c.config(), link, ident);
        return out.to(c.withEnv(env).withSession(s).withPhase(new Phase.SessionConnecting(l)));
    }

    /** Sends SESSION_RECONNECT (SESSION_RECONNECTING): both cookies, global_seq, connect_seq, and our in_seq. */
    static Transition sendReconnect(Conn c, Link link, Out out) {
        Session s = c.session();
        SessionReconnect r = new SessionReconnect(c.env().myAddrs(), s.clientCookie(), s.serverCookie(),
                s.globalSeq(), s.connectSeq(), s.inSeq());
        Link l = out.send(c.config(), link, r);
        return out.to(c.withPhase(new Phase.SessionReconnecting(l)));
    }

    /**
     * {@code more}: the driver holds further input right after this frame. A SERVER_IDENT or
     * RECONNECT_OK then enters READY without writing yet: like Ceph's {@code ready()}, which
     * schedules the write after the input already read, the first write comes with the last
     * of that input (and its messages' ack_seq counts them).
     */
    static Transition onFrame(Conn c, Link link, Frame f, boolean more) {
        return switch (f) {
            case ServerIdent si -> onServerIdent(c, link, si, more);
            case IdentMissingFeatures m -> Faults.fault(c, new CloseReason.MissingFeatures(m.features()));
            case Wait w -> onWait(c);
            case SessionReconnectOk ok -> onReconnectOk(c, link, ok, more);
            case SessionRetry r -> onRetry(c, link, r);
            case SessionRetryGlobal r -> onRetryGlobal(c, link, r);
            case SessionReset r -> onReset(c, link, r);
            default -> throw new AssertionError(c.kind() + " accepts " + Accepts.ACCEPTED.get(c.kind()));
        };
    }

    /**
     * SERVER_IDENT: the server must list the address we dialled; we take its cookie, name,
     * addresses, shared features and global_seq, and its lossy flag as our policy's; the
     * backoff resets; the application hears CONNECTED (READY).
     */
    static Transition onServerIdent(Conn c, Link link, ServerIdent si, boolean more) {
        if (!si.addrs().contains(link.peerAddr())) {
            return Faults.fault(c, new CloseReason.ProtocolViolation(CloseReason.Violation.NOT_IN_SERVER_ADDRS,
                    "SERVER_IDENT " + si.addrs() + " does not list " + link.peerAddr()));
        }
        Session s = c.session();
        var policy = s.policy();
        policy = new io.msgr2.spec.session.Policy(si.lossy(), policy.server(), policy.standby(), policy.resetcheck(),
                policy.registerLossyClients());
        s = s.withCookies(s.clientCookie(), si.serverCookie())
                .withPeer(s.peer().withIdent(si.gid(), si.addrs(),
                        si.supportedFeatures() & c.config().supportedFeatures()))
                .withPeerGlobalSeq(si.globalSeq())
                .withPolicy(policy)
                .withBackoff(Duration.ZERO);
        Out out = new Out().add(new Effect.Notify(ConnectionEvent.CONNECTED));
        return ReadyPhase.enter(c.withSession(s), link, out, more);
    }

    /** WAIT: the server's own connection to us wins a race; back off the maximum and let it come. */
    static Transition onWait(Conn c) {
        return Faults.fault(c, StateKind.WAIT, new CloseReason.Waiting());
    }

    /**
     * SESSION_RECONNECT_OK(msg_seq): the session resumes; requeued messages the server
     * already has are dropped, the rest go out again with their old numbers (READY).
     */
    static Transition onReconnectOk(Conn c, Link link, SessionReconnectOk ok, boolean more) {
        Session s = c.session();
        var discarded = s.out().discardRequeuedUpTo(s.outSeq(), ok.msgSeq());
        s = s.withMessages(s.inSeq(), discarded._2, s.ackLeft(), discarded._1).withBackoff(Duration.ZERO);
        Out out = new Out().add(new Effect.Notify(ConnectionEvent.CONNECTED));
        return ReadyPhase.enter(c.withSession(s), link, out, more);
    }

    /** SESSION_RETRY(cs): our connect_seq is stale; retry with cs + 1. */
    static Transition onRetry(Conn c, Link link, SessionRetry r) {
        Session s = c.session();
        return sendReconnect(c.withSession(s.withSeqs(s.globalSeq(), r.connectSeq() + 1)), link, new Out());
    }

    /** SESSION_RETRY_GLOBAL(gs): our global_seq is stale; retry with one above gs. */
    static Transition onRetryGlobal(Conn c, Link link, SessionRetryGlobal r) {
        Env.Draw<Long> gs = c.env().nextGlobalSeq(r.globalSeq());
        Session s = c.session();
        return sendReconnect(c.withEnv(gs.env()).withSession(s.withSeqs(gs.value(), s.connectSeq())), link, new Out());
    }

    /**
     * SESSION_RESET(full): the server has no such session. Full: drop ours too (queues,
     * counters, cookies) and tell the application REMOTE_RESET. Not full: only restart
     * establishment (server cookie, connect_seq, in_seq), keeping queues and our cookie.
     * Either way CLIENT_IDENT follows on this connection.
     */
    static Transition onReset(Conn c, Link link, SessionReset r) {
        Session s = c.session();
        Out out = new Out();
        if (r.full()) {
            s = s.reset();
            out.add(new Effect.Notify(ConnectionEvent.REMOTE_RESET));
        } else {
            s = s.withCookies(s.clientCookie(), 0).withSeqs(s.globalSeq(), 0)
                    .withMessages(0, s.outSeq(), s.ackLeft(), s.out());
        }
        return sendClientIdent(c.withSession(s), link, out);
    }
}
