package io.msgr2.spec.conn;

import io.msgr2.spec.frame.Ack;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Keepalive2;
import io.msgr2.spec.frame.Keepalive2Ack;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.OutQueue;
import io.msgr2.spec.session.Session;
import io.vavr.Tuple2;

/**
 * READY: the session is up. Messages flow both ways, numbered by the sender at
 * transmission; acknowledgements ride in every message header (ack_seq) and, on lossless
 * sessions, in ACK frames; KEEPALIVE2 is answered with KEEPALIVE2_ACK.
 */
final class ReadyPhase {
    private ReadyPhase() {}

    /** Enters READY: the handshake timer stops and whatever is queued goes out. */
    static Transition enter(Conn c, Link link, Out out) {
        return enter(c, link, out, false);
    }

    /**
     * Enters READY; with {@code more} input waiting, the queue goes out with the last of it
     * (a message received with {@code more} false flushes) rather than now.
     */
    static Transition enter(Conn c, Link link, Out out, boolean more) {
        out.add(new Effect.CancelTimer(TimerKind.READY_TIMEOUT));
        Conn ready = c.withPhase(new Phase.Ready(link));
        return more ? out.to(ready) : flush(ready, link, out);
    }

    static Transition onFrame(Conn c, Link link, Frame f, boolean more) {
        return switch (f) {
            case Message m -> onMessage(c, link, m, more);
            case Ack a -> endOfInput(onAck(c, a), link, more);
            case Keepalive2 k -> onKeepalive(c, link, k);
            case Keepalive2Ack k -> endOfInput(Transition.stay(c), link, more);
            default -> throw new AssertionError("READY accepts only " + Accepts.ACCEPTED.get(StateKind.READY));
        };
    }

    /**
     * MESSAGE: a seq at or below in_seq is an old duplicate and is dropped (reading goes on;
     * Pacific's reader stalls here, bug B10); a seq above in_seq + 1 is accepted (Ceph only
     * logs the gap). The message is delivered, its ack_seq trims our sent list, and a
     * lossless session owes an acknowledgement, sent at once unless the driver has
     * {@code more} input waiting (then the last of it, or our next message, carries it).
     */
    static Transition onMessage(Conn c, Link link, Message m, boolean more) {
        Session s = c.session();
        long seq = m.header().seq();
        if (seq <= s.inSeq()) {
            return Transition.stay(c);
        }
        boolean lossless = !s.policy().lossy();
        OutQueue q = lossless ? s.out().acked(m.header().ackSeq()) : s.out();
        Conn d = c.withSession(s.withMessages(seq, s.outSeq(), lossless ? s.ackLeft() + 1 : s.ackLeft(), q));
        Out out = new Out().add(new Effect.Deliver(m));
        return more ? out.to(d) : flush(d, link, out);
    }

    /**
     * The last of the input the driver held: messages still queued (READY was entered with
     * {@code more} input waiting) go out now. With nothing queued this changes nothing.
     */
    private static Transition endOfInput(Transition t, Link link, boolean more) {
        if (more || t.conn().session().out().nothingQueued()) {
            return t;
        }
        Out out = new Out();
        t.effects().forEach(out::add);
        return flush(t.conn(), link, out);
    }

    /** ACK: every message up to seq arrived; lossy sessions keep no sent list and ignore it. */
    static Transition onAck(Conn c, Ack a) {
        Session s = c.session();
        if (s.policy().lossy()) {
            return Transition.stay(c);
        }
        return Transition.stay(c.withSession(s.withMessages(s.inSeq(), s.outSeq(), s.ackLeft(), s.out().acked(a.seq()))));
    }

    /** KEEPALIVE2: answered at once with its timestamp. */
    static Transition onKeepalive(Conn c, Link link, Keepalive2 k) {
        Out out = new Out();
        Link l = out.send(c.config(), link, new Keepalive2Ack(k.timestamp()));
        return flush(c.withPhase(new Phase.Ready(l)), l, out);
    }

    /**
     * {@code write_event}: a pending KEEPALIVE2 first, then every queued message, highest
     * priority first, each numbered ++out_seq with ack_seq = in_seq (lossless sessions keep
     * it until acknowledged), then an ACK if messages arrived that no header acknowledged.
     */
    static Transition flush(Conn c, Link link, Out out) {
        Session s = c.session();
        Link l = link;
        if (s.keepalivePending()) {
            l = out.send(c.config(), l, new Keepalive2(c.env().now()));
            s = s.withKeepalive(false);
        }
        OutQueue q = s.out();
        long outSeq = s.outSeq();
        long ackLeft = s.ackLeft();
        while (!q.nothingQueued()) {
            Tuple2<Message, OutQueue> next = q.pollHighest();
            q = next._2;
            Message m = next._1;
            Message numbered = new Message(m.header().withSeq(++outSeq, s.inSeq()), m.front(), m.middle(), m.data());
            ackLeft = 0;
            if (!s.policy().lossy()) {
                q = q.recordSent(numbered);
            }
            l = out.send(c.config(), l, numbered);
        }
        if (ackLeft > 0) {
            l = out.send(c.config(), l, new Ack(s.inSeq()));
            ackLeft = 0;
        }
        Session after = s.withMessages(s.inSeq(), outSeq, ackLeft, q);
        return out.to(c.withSession(after).withPhase(new Phase.Ready(l)));
    }
}
