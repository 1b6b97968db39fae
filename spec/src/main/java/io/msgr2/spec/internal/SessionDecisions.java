package io.msgr2.spec.internal;

import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.SessionReconnect;
import io.msgr2.spec.session.Session;
import io.msgr2.spec.wire.EntityAddr;
import java.util.Optional;

/**
 * The acceptor's decisions that involve another connection to the same peer (Ceph's
 * {@code handle_existing_connection} and {@code handle_reconnect}), as pure functions of
 * the incoming connection N, the existing connection E (if the registry has one) and our
 * own msgr2 address. Ceph's "replacing" case cannot arise here: a takeover completes within
 * one messenger step.
 */
public final class SessionDecisions {
    private SessionDecisions() {}

    /** What to do with a CLIENT_IDENT. */
    public sealed interface OnIdent {
        /** No usable existing connection: N starts the session (SERVER_IDENT). */
        record NewSession() implements OnIdent {}

        /** N is an older attempt than E has seen: close N without an answer. */
        record StopIncoming() implements OnIdent {}

        /** E is lossy: stop it (reset notification), N starts the session. */
        record StopExistingThenNew() implements OnIdent {}

        /** E takes over N's TCP connection and sends SERVER_IDENT; first resets E's session if asked. */
        record TakeOver(boolean resetExisting) implements OnIdent {}

        /** A connect race E wins: N answers WAIT; E is nudged to complete (a keepalive to send). */
        record Wait() implements OnIdent {}
    }

    /**
     * CLIENT_IDENT with an existing connection E, top to bottom: E closed: new session; N
     * older than E's peer_global_seq: stop N; E lossy: stop E; E has a session with another
     * client cookie (the peer restarted): E takes over, its session reset first when N's
     * policy has resetcheck; the same client cookie (establishment was interrupted): E takes
     * over; E READY or STANDBY: E takes over; otherwise a connect race: N wins (E takes over)
     * if the peer's address is below ours or E is a server, else N gets WAIT.
     */
    public static OnIdent onClientIdent(Conn n, Optional<Conn> existing, EntityAddr myMsgr2) {
        if (existing.isEmpty() || existing.get().kind() == StateKind.CLOSED) {
            return new OnIdent.NewSession();
        }
        Conn e = existing.get();
        Session es = e.session();
        Session ns = n.session();
        if (es.peerGlobalSeq() > ns.peerGlobalSeq()) {
            return new OnIdent.StopIncoming();
        }
        if (es.policy().lossy()) {
            return new OnIdent.StopExistingThenNew();
        }
        if (es.serverCookie() != 0 && es.clientCookie() != 0 && es.clientCookie() != ns.clientCookie()) {
            return new OnIdent.TakeOver(ns.policy().resetcheck());
        }
        if (es.clientCookie() == ns.clientCookie()) {
            return new OnIdent.TakeOver(false);
        }
        if (e.kind() == StateKind.READY || e.kind() == StateKind.STANDBY) {
            return new OnIdent.TakeOver(false);
        }
        boolean peerBelowUs = AddrOrder.MEMCMP.compare(ns.peer().addrs().msgr2Addr(), myMsgr2) < 0;
        return peerBelowUs || es.policy().server() ? new OnIdent.TakeOver(false) : new OnIdent.Wait();
    }

    /** What to answer a SESSION_RECONNECT with. */
    public sealed interface OnReconnect {
        record Reset(boolean full) implements OnReconnect {}

        record RetryGlobal(long globalSeq) implements OnReconnect {}

        record Retry(long connectSeq) implements OnReconnect {}

        record Wait() implements OnReconnect {}

        /** E takes over N's TCP connection with the reconnect's connect_seq and msg_seq: RECONNECT_OK. */
        record TakeOver() implements OnReconnect {}
    }

    /**
     * SESSION_RECONNECT R, top to bottom: no E or E closed: RESET(full); another client
     * cookie (we must have reset): RESET(full = N's resetcheck); E never got SERVER_IDENT
     * (no server cookie): RESET(not full), resume establishment; R's global_seq below E's
     * peer_global_seq: RETRY_GLOBAL; R's connect_seq below E's: RETRY; equal connect_seq (a
     * reconnect race): WAIT if the peer's address is above ours and E is not a server;
     * otherwise E takes over.
     */
    public static OnReconnect onReconnect(Conn n, SessionReconnect r, Optional<Conn> existing, EntityAddr myMsgr2) {
        if (existing.isEmpty() || existing.get().kind() == StateKind.CLOSED) {
            return new OnReconnect.Reset(true);
        }
        Conn e = existing.get();
        Session es = e.session();
        if (es.clientCookie() != r.clientCookie()) {
            return new OnReconnect.Reset(n.session().policy().resetcheck());
        }
        if (es.serverCookie() == 0) {
            return new OnReconnect.Reset(false);
        }
        if (es.peerGlobalSeq() > r.globalSeq()) {
            return new OnReconnect.RetryGlobal(es.peerGlobalSeq());
        }
        if (es.connectSeq() > r.connectSeq()) {
            return new OnReconnect.Retry(es.connectSeq());
        }
        if (es.connectSeq() == r.connectSeq()
                && AddrOrder.MEMCMP.compare(es.peer().addrs().msgr2Addr(), myMsgr2) > 0 && !es.policy().server()) {
            return new OnReconnect.Wait();
        }
        return new OnReconnect.TakeOver();
    }
}
