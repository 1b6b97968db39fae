package io.msgr2.spec.conn;

import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.OutQueue;
import io.msgr2.spec.session.Session;
import java.time.Duration;

/**
 * What happens when a connection breaks ({@code ProtocolV2::_fault}), is stopped or closed,
 * and the states without a TCP connection: STANDBY, WAIT, CLOSED.
 */
final class Faults {
    private Faults() {}

    /**
     * A fault, Ceph's rules in order. F1: lossy and past the handshake: the connection is
     * over, with one reset notification. F2: sent messages go back to the queue. F3: an
     * accepting connection with nothing to send closes. F4: the TCP connection goes. F5/F6:
     * STANDBY for a standby policy with nothing to send, and always for a server policy.
     * F7: from READY, reconnect at once. F8: from the handshake (or WAIT), reconnect after a
     * backoff (doubled each time, the maximum after WAIT); connect_seq grows only when a
     * session exists.
     */
    static Transition fault(Conn c, CloseReason reason) {
        return fault(c, c.kind(), reason);
    }

    /** A fault judged as if in state {@code k} (a WAIT frame: Ceph enters WAIT, then faults). */
    static Transition fault(Conn c, StateKind k, CloseReason reason) {
        return fault(c, k, reason, false);
    }

    /**
     * The TCP connection failed before the reply of a takeover (RECONNECT_OK, SERVER_IDENT)
     * was written: Ceph is still SESSION_ACCEPTING with {@code replacing} set, so F3 does not
     * stop it and F7 does not apply: STANDBY if it may, else a backoff (connect_seq + 1).
     */
    static Transition replyLost(Conn c, CloseReason reason) {
        return fault(c, StateKind.SESSION_ACCEPTING, reason, true);
    }

    private static Transition fault(Conn c, StateKind k, CloseReason reason, boolean replacing) {
        if (k == StateKind.CLOSED) {
            return Transition.stay(c);
        }
        Session s = c.session();
        if (s.policy().lossy() && !k.connecting()) {
            return stop(c, reason, true);
        }
        s = requeue(s);
        Out out = new Out();
        if (k.accepting() && !replacing && (s.out().nothingQueued() || c.target().isBlank())) {
            // nothing to deliver, or no address to dial back: the half-accepted connection just closes
            return stop(c.withSession(s), reason, true);
        }
        if (c.hasTransport()) {
            out.add(new Effect.CloseTransport(reason));
        }
        out.add(new Effect.CancelTimer(TimerKind.READY_TIMEOUT));
        Conn d = c.withSession(s);
        if (s.policy().standby() && s.out().nothingQueued() && !s.keepalivePending() && k != StateKind.WAIT) {
            return out.to(d.withPhase(new Phase.Standby()));
        }
        if (s.policy().server()) {
            return out.to(d.withPhase(new Phase.Standby()));
        }
        Env.Draw<Long> gs = d.env().nextGlobalSeq(0);
        d = d.withEnv(gs.env());
        if (!k.connecting() && k != StateKind.WAIT && k != StateKind.SESSION_ACCEPTING) {
            d = d.withSession(s.withSeqs(gs.value(), s.connectSeq() + 1).withBackoff(Duration.ZERO));
            return Dialing.dial(d, out);
        }
        Duration backoff = c.config().timing().next(s.backoff(), k == StateKind.WAIT);
        long cs = s.serverCookie() != 0 ? s.connectSeq() + 1 : s.connectSeq();
        d = d.withSession(s.withSeqs(gs.value(), cs).withBackoff(backoff));
        out.add(new Effect.ArmTimer(TimerKind.BACKOFF, backoff));
        return out.to(d.withPhase(k == StateKind.WAIT ? new Phase.Wait() : new Phase.StartConnect(false)));
    }

    /** {@code requeue_sent}: unacknowledged messages go back to the front, out_seq steps back. */
    static Session requeue(Session s) {
        int n = s.out().sent().size();
        return n == 0 ? s : s.withMessages(s.inSeq(), s.outSeq() - n, s.ackLeft(), s.out().requeueSent());
    }

    /** {@code stop()}: CLOSED, queues dropped, the TCP connection closed; optionally a reset notification. */
    static Transition stop(Conn c, CloseReason reason, boolean notifyReset) {
        Out out = new Out();
        if (c.hasTransport()) {
            out.add(new Effect.CloseTransport(reason));
        }
        out.add(new Effect.CancelTimer(TimerKind.READY_TIMEOUT)).add(new Effect.CancelTimer(TimerKind.BACKOFF));
        if (notifyReset) {
            out.add(new Effect.Notify(ConnectionEvent.RESET));
        }
        Session s = c.session();
        Session dropped = s.withMessages(s.inSeq(), s.outSeq(), 0, OutQueue.EMPTY).withKeepalive(false);
        return out.to(c.withSession(dropped).withPhase(new Phase.Closed(reason)));
    }

    /** The application closes the connection (mark_down): CLOSED without a reset notification. */
    static Transition markDown(Conn c) {
        return stop(c, new CloseReason.LocallyClosed(), false);
    }

    /**
     * The application queues a message. READY sends it now; STANDBY reconnects for it
     * (connect_seq + 1 when a session exists) unless this side is a server; any other state
     * keeps it for later.
     */
    static Transition enqueue(Conn c, Message m) {
        Session s = c.session();
        Conn d = c.withSession(s.withMessages(s.inSeq(), s.outSeq(), s.ackLeft(), s.out().enqueue(m)));
        return switch (d.phase()) {
            case Phase.Ready r -> ReadyPhase.flush(d, r.link(), new Out());
            case Phase.Standby sb -> s.policy().server() ? Transition.stay(d) : wake(d);
            default -> Transition.stay(d);
        };
    }

    /** Leaves STANDBY to deliver queued messages. */
    private static Transition wake(Conn c) {
        Session s = c.session();
        Conn d = c.withSession(s.withSeqs(s.globalSeq(), s.hasSession() ? s.connectSeq() + 1 : s.connectSeq()));
        return Dialing.dial(d, new Out());
    }

    /** The application asks for a KEEPALIVE2: sent at the next write (at once when READY). */
    static Transition keepalive(Conn c) {
        Conn d = c.withSession(c.session().withKeepalive(true));
        return d.phase() instanceof Phase.Ready r ? ReadyPhase.flush(d, r.link(), new Out()) : Transition.stay(d);
    }
}
