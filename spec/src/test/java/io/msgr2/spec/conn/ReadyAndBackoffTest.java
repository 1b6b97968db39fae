package io.msgr2.spec.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.msgr2.spec.frame.Ack;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.frame.Wait;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.MsgHeader2;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** READY's ordering rules and the fault backoff (docs/facts/msgr2-session-facts.md §9.4 and P17). */
class ReadyAndBackoffTest {
    static Message msg(int prio, String front) {
        return new Message(MsgHeader2.of(1, prio, 1, 1), Bytes.ascii(front), Bytes.EMPTY, Bytes.EMPTY);
    }

    @Test
    void queuedMessagesLeaveHighestPriorityFirstAndFifoWithinOne() {
        Conn c = ExhaustiveStateTagTest.in(StateKind.SESSION_CONNECTING, Policy.LOSSLESS_PEER);
        for (Message m : List.of(msg(64, "low"), msg(196, "high1"), msg(127, "default"), msg(196, "high2"),
                msg(255, "highest"))) {
            c = Step.step(c, new Input.SendRequested(m)).conn();
        }
        Transition t = Step.step(c, new Input.FrameReceived(new ServerIdent(EntityAddrVec.of(SampleFrames.ADDR), 2, 5,
                0, 0, 0, 99)));
        List<String> order = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (Effect e : t.effects()) {
            if (e instanceof Effect.SendFrame f && f.frame() instanceof Message m) {
                order.add(new String(m.front().toByteArray()));
                seqs.add(m.header().seq());
            }
        }
        assertEquals(List.of("highest", "high1", "high2", "default", "low"), order);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs);
        assertEquals(StateKind.READY, t.conn().kind());
        assertEquals(5, t.conn().session().out().sent().size()); // lossless: kept until acknowledged
    }

    @Test
    void handshakeRetriesBackOffFromAFifthOfASecondToFifteenSeconds() {
        Conn c = ExhaustiveStateTagTest.in(StateKind.SESSION_CONNECTING, Policy.LOSSLESS_CLIENT);
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Transition t = Step.step(c, new Input.TransportClosed("lost"));
            delays.add(backoff(t));
            c = t.conn().withPhase(new Phase.SessionConnecting(c.link().orElseThrow()));
        }
        assertEquals(List.of(ms(200), ms(400), ms(800), ms(1600), ms(3200), ms(6400), ms(12800), ms(15000), ms(15000),
                ms(15000)), delays);
    }

    @Test
    void waitJumpsToTheMaximumAndReadyReconnectsAtOnce() {
        Conn c = ExhaustiveStateTagTest.in(StateKind.SESSION_CONNECTING, Policy.LOSSLESS_CLIENT);
        Transition t = Step.step(c, new Input.FrameReceived(new Wait()));
        assertEquals(ms(15000), backoff(t));
        assertEquals(StateKind.WAIT, t.conn().kind());

        Conn ready = ExhaustiveStateTagTest.in(StateKind.READY, Policy.LOSSLESS_CLIENT);
        Transition r = Step.step(ready, new Input.TransportClosed("lost"));
        assertEquals(new Phase.StartConnect(true), r.conn().phase());
        assertEquals(Duration.ZERO, r.conn().session().backoff());
        assertEquals(ready.session().connectSeq() + 1, r.conn().session().connectSeq());
    }

    /**
     * A lossless session owes an ACK per received message; with more input waiting it defers
     * it (Ceph's writer runs after the reader), so three messages read together get one
     * ACK(3), and a message we send in between carries the acknowledgement instead.
     */
    @Test
    void aLosslessAckWaitsForTheLastOfTheInputAtHand() {
        Conn c = ExhaustiveStateTagTest.in(StateKind.READY, Policy.LOSSLESS_PEER);
        long base = c.session().inSeq();
        List<Frame> sent = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Message m = new Message(msg(127, "m" + i).header().withSeq(base + i, 0), Bytes.ascii("m" + i), Bytes.EMPTY,
                    Bytes.EMPTY);
            Transition t = Step.step(c, new Input.FrameReceived(m, Bytes.EMPTY, i < 3));
            sent.addAll(sentFrames(t));
            c = t.conn();
        }
        assertEquals(List.of(new Ack(base + 3)), sent);

        Message m4 = new Message(msg(127, "m4").header().withSeq(base + 4, 0), Bytes.ascii("m4"), Bytes.EMPTY,
                Bytes.EMPTY);
        Transition t = Step.step(c, new Input.FrameReceived(m4, Bytes.EMPTY, true));
        assertEquals(List.of(), sentFrames(t));
        t = Step.step(t.conn(), new Input.SendRequested(msg(127, "reply")));
        List<Frame> out = sentFrames(t);
        assertEquals(1, out.size(), out.toString());
        assertEquals(base + 4, ((Message) out.get(0)).header().ackSeq());
        assertEquals(0, t.conn().session().ackLeft());
    }

    private static List<Frame> sentFrames(Transition t) {
        return t.effects().stream().filter(Effect.SendFrame.class::isInstance).map(e -> ((Effect.SendFrame) e).frame())
                .toList();
    }

    private static Duration backoff(Transition t) {
        return t.effects().stream().filter(e -> e instanceof Effect.ArmTimer a && a.timer() == TimerKind.BACKOFF)
                .map(e -> ((Effect.ArmTimer) e).after()).findFirst().orElseThrow();
    }

    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }
}
