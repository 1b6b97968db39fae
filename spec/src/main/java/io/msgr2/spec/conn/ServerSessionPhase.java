package io.msgr2.spec.conn;

import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.IdentMissingFeatures;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.frame.SessionReconnect;
import io.msgr2.spec.frame.SessionReconnectOk;
import io.msgr2.spec.session.Session;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;

/**
 * SESSION_ACCEPTING: the server identifies the client and decides, with the messenger's
 * registry, whether this is a new session, a resumed one, or a connection to refuse or
 * send back (see {@code internal.SessionDecisions}). The answer goes out on this TCP connection,
 * possibly on behalf of the existing connection that takes it over.
 */
final class ServerSessionPhase {
    private ServerSessionPhase() {}

    static Transition onFrame(Conn c, Link link, Frame f, boolean more) {
        return switch (f) {
            case ClientIdent ci -> onClientIdent(c, link, ci, more);
            case SessionReconnect r -> onReconnect(c, link, r, more);
            default -> throw new AssertionError("SESSION_ACCEPTING accepts " + Accepts.ACCEPTED.get(c.kind()));
        };
    }

    /**
     * CLIENT_IDENT: the client must name at least one address and must have dialled one of
     * ours; missing required features get IDENT_MISSING_FEATURES (and we keep reading);
     * otherwise we note who it is, and a registered policy asks the registry about an
     * existing connection to it; an anonymous one starts the session at once.
     */
    static Transition onClientIdent(Conn c, Link link, ClientIdent ci, boolean more) {
        if (ci.addrs().isEmpty() || ci.addrs().addrs().get(0).equals(EntityAddr.BLANK)) {
            return Faults.fault(c, new CloseReason.ProtocolViolation(CloseReason.Violation.BLANK_PEER_ADDRESS,
                    "CLIENT_IDENT without an address"));
        }
        if (!c.env().myAddrs().contains(ci.targetAddr())) {
            return Faults.fault(c, new CloseReason.ProtocolViolation(CloseReason.Violation.TARGET_ADDRESS_MISMATCH,
                    "the client dialled " + ci.targetAddr() + ", we are " + c.env().myAddrs()));
        }
        Session s = c.session();
        s = s.withPeer(s.peer().withIdent(ci.gid(), ci.addrs(), s.peer().features()))
                .withCookies(ci.clientCookie(), s.serverCookie());
        Conn d = c.withSession(s).withTarget(inferTarget(ci.addrs()));
        long missing = c.config().requiredWithAddr2() & ~ci.supportedFeatures();
        if (missing != 0) {
            Out out = new Out();
            Link l = out.send(c.config(), link, new IdentMissingFeatures(missing));
            return out.to(d.withPhase(new Phase.SessionAccepting(l)));
        }
        s = s.withPeer(s.peer().withIdent(ci.gid(), ci.addrs(), ci.supportedFeatures() & c.config().supportedFeatures()))
                .withPeerGlobalSeq(ci.globalSeq());
        d = d.withSession(s);
        if (!s.policy().registered()) {
            return newSession(d, link, new Out());
        }
        return new Out().add(new Effect.LookupSession(ci, more)).to(d);
    }

    /** SESSION_RECONNECT: we note the peer's addresses and global_seq and ask the registry. */
    static Transition onReconnect(Conn c, Link link, SessionReconnect r, boolean more) {
        Session s = c.session();
        s = s.withPeer(s.peer().withIdent(s.peer().gid(), r.addrs(), s.peer().features()))
                .withPeerGlobalSeq(r.globalSeq());
        return new Out().add(new Effect.LookupSession(r, more)).to(c.withSession(s)
                .withTarget(inferTarget(r.addrs())));
    }

    /**
     * Sends SERVER_IDENT ({@code send_server_ident}): requeued messages keep their numbers
     * (out_seq normalised), in_seq restarts, a fresh server cookie (none when lossy), a fresh
     * global_seq; the application hears ACCEPTED (READY).
     */
    static Transition newSession(Conn c, Link link, Out out) {
        Session s = c.session();
        var discarded = s.out().discardRequeuedUpTo(s.outSeq(), 0);
        Env env = c.env();
        long cookie = 0;
        if (!s.policy().lossy()) {
            Env.Draw<Long> d = env.cookie();
            cookie = d.value();
            env = d.env();
        }
        Env.Draw<Long> gs = env.nextGlobalSeq(0);
        env = gs.env();
        s = s.withMessages(0, discarded._2, s.ackLeft(), discarded._1).withCookies(s.clientCookie(), cookie);
        ServerIdent si = new ServerIdent(env.myAddrs(), c.config().gid(), gs.value(), c.config().supportedFeatures(),
                c.config().requiredWithAddr2(), s.policy().lossy() ? ClientIdent.FLAG_LOSSY : 0, cookie);
        out.add(new Effect.Notify(ConnectionEvent.ACCEPTED));
        Link l = out.send(c.config(), link, si);
        return ReadyPhase.enter(c.withEnv(env).withSession(s), l, out);
    }

    /**
     * Sends SESSION_RECONNECT_OK ({@code send_reconnect_ok}): requeued messages the peer
     * already has (up to its msg_seq) are dropped, the rest go out again; our in_seq tells
     * the peer where to resume (READY). With {@code more} input waiting, READY's first write
     * waits for the last of it.
     */
    static Transition reconnectOk(Conn c, Link link, Out out, boolean more) {
        Session s = c.session();
        var discarded = s.out().discardRequeuedUpTo(s.outSeq(), s.messageSeq());
        s = s.withMessages(s.inSeq(), discarded._2, s.ackLeft(), discarded._1);
        out.add(new Effect.Notify(ConnectionEvent.ACCEPTED));
        Link l = out.send(c.config(), link, new SessionReconnectOk(s.inSeq()));
        return ReadyPhase.enter(c.withSession(s), l, out, more);
    }

    /** Answers on this connection and keeps reading (RESET, RETRY, RETRY_GLOBAL, WAIT). */
    static Transition reply(Conn c, Link link, Frame answer) {
        Out out = new Out();
        Link l = out.send(c.config(), link, answer);
        return out.to(c.withPhase(new Phase.SessionAccepting(l)));
    }

    /** The address to dial if this side must reconnect: the peer's first v2 (or any) address. */
    static EntityAddr inferTarget(EntityAddrVec addrs) {
        return addrs.ofType(AddrType.MSGR2).or(() -> addrs.ofType(AddrType.ANY)).orElse(EntityAddr.BLANK);
    }
}
