package io.msgr2.spec.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.frame.Ack;
import io.msgr2.spec.frame.DecodeFailure;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Keepalive2Ack;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.spec.wire.UTime;
import io.vavr.collection.Vector;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Faults, timers and READY's input rules as docs/facts/msgr2-session-facts.md states them
 * (§3 and §4 for the states, §9.2 for ACK, §10 for faults and timers).
 */
class FaultRulesTest {
    static Message msg(String front) {
        return new Message(MsgHeader2.of(1, MsgHeader2.PRIO_DEFAULT, 1, 1), Bytes.ascii(front), Bytes.EMPTY, Bytes.EMPTY);
    }

    static List<Frame> sent(Transition t) {
        return HandshakeRulesTest.sent(t);
    }

    @Test
    void aFaultOnAClosedConnectionChangesNothing() {
        // ProtocolV2::_fault returns at once when the connection is already closed
        Conn closed = ExhaustiveStateTagTest.in(StateKind.READY, Policy.LOSSLESS_PEER)
                .withPhase(new Phase.Closed(new CloseReason.LocallyClosed()));
        assertEquals(Transition.stay(closed), Faults.fault(closed, new CloseReason.TransportLost("again")));
    }

    @Test
    void aTcpConnectThatIsNotAwaitedIsIgnored() {
        for (Conn c : List.of(ExhaustiveStateTagTest.in(StateKind.READY, Policy.LOSSLESS_CLIENT),
                ExhaustiveStateTagTest.in(StateKind.READY, Policy.LOSSLESS_CLIENT).withPhase(new Phase.StartConnect(false)))) {
            assertEquals(Transition.stay(c), Step.step(c, new Input.TransportConnected()), c.kind().name());
        }
    }

    @Test
    void theBackoffTimerDialsOnlyFromABackoffOrWait() {
        Conn ready = ExhaustiveStateTagTest.in(StateKind.READY, Policy.LOSSLESS_CLIENT);
        assertEquals(Transition.stay(ready), Step.step(ready, new Input.TimerFired(TimerKind.BACKOFF)));
        for (Phase waiting : List.of(new Phase.StartConnect(false), new Phase.Wait())) {
            Transition t = Step.step(ready.withPhase(waiting), new Input.TimerFired(TimerKind.BACKOFF));
            assertEquals(new Phase.StartConnect(true), t.conn().phase());
            assertEquals(new Effect.Connect(ready.target()), t.effects().get(0));
        }
    }

    @Test
    void aTakeoverWhoseReplyWasLostBacksOffInsteadOfReconnectingAtOnce() {
        // Ceph is still SESSION_ACCEPTING (replacing) when the reply was not written: F7 does not
        // apply, so a lossless client backs off (initial backoff) rather than reconnecting at once
        Conn ready = ExhaustiveStateTagTest.in(StateKind.READY, Policy.LOSSLESS_CLIENT);
        Transition lost = Step.step(ready, new Input.TransportClosed("reset", true));
        assertEquals(new Phase.StartConnect(false), lost.conn().phase());
        assertTrue(lost.effects().contains(new Effect.ArmTimer(TimerKind.BACKOFF, Duration.ofMillis(200))));
        assertEquals(ready.session().connectSeq() + 1, lost.conn().session().connectSeq()); // it has a session

        Transition plain = Step.step(ready, new Input.TransportClosed("reset", false));
        assertEquals(new Phase.StartConnect(true), plain.conn().phase());
    }

    @Test
    void anAcceptingConnectionWithMessagesButNoAddressToDialBackCloses() {
        Conn accepting = ExhaustiveStateTagTest.in(StateKind.AUTH_ACCEPTING, Policy.LOSSLESS_PEER);
        Conn queued = Step.step(accepting, new Input.SendRequested(msg("m"))).conn();
        assertEquals(1, queued.session().out().queuedCount());
        Transition blank = Step.step(queued.withTarget(EntityAddr.BLANK), new Input.TransportClosed("reset"));
        assertEquals(StateKind.CLOSED, blank.conn().kind());
        // with an address it keeps the message and dials back
        Transition known = Step.step(queued, new Input.TransportClosed("reset"));
        assertEquals(new Phase.StartConnect(true), known.conn().phase());
        assertEquals(1, known.conn().session().out().queuedCount());
    }

    @Test
    void messagesQueuedWhileInputIsPendingGoOutWithTheLastOfIt() {
        Conn c = ExhaustiveStateTagTest.in(StateKind.SESSION_CONNECTING, Policy.LOSSLESS_CLIENT);
        c = Step.step(c, new Input.SendRequested(msg("queued"))).conn();
        ServerIdent si = new ServerIdent(EntityAddrVec.of(SampleFrames.ADDR), 2, 5, -1L, 0, 0, 99);
        Transition ready = Step.step(c, new Input.FrameReceived(si, Bytes.EMPTY, true));
        assertEquals(StateKind.READY, ready.conn().kind());
        assertEquals(List.of(), sent(ready));
        // a KEEPALIVE2_ACK that is not the last input changes nothing yet
        Transition notYet = Step.step(ready.conn(), new Input.FrameReceived(new Keepalive2Ack(UTime.ZERO), Bytes.EMPTY,
                true));
        assertEquals(List.of(), sent(notYet));
        Transition last = Step.step(notYet.conn(), new Input.FrameReceived(new Keepalive2Ack(UTime.ZERO)));
        List<Frame> out = sent(last);
        assertEquals(1, out.size(), out.toString());
        assertEquals(Bytes.ascii("queued"), ((Message) out.get(0)).front());
        assertTrue(last.conn().session().out().nothingQueued());
    }

    @Test
    void aLossySessionIgnoresAcks() {
        // lossy async connections keep no sent list and ignore received acks (§9.2)
        Conn c = ExhaustiveStateTagTest.in(StateKind.READY, Policy.LOSSY_CLIENT);
        c = Step.step(c, new Input.SendRequested(msg("m"))).conn();
        assertEquals(0, c.session().out().sent().size());
        assertEquals(Transition.stay(c), Step.step(c, new Input.FrameReceived(new Ack(1))));
        // a lossless one trims what the ack covers
        Conn lossless = Step.step(ExhaustiveStateTagTest.in(StateKind.READY, Policy.LOSSLESS_PEER),
                new Input.SendRequested(msg("m"))).conn();
        long seq = lossless.session().out().highestSentSeq();
        assertEquals(1, lossless.session().out().sent().size());
        assertEquals(0, Step.step(lossless, new Input.FrameReceived(new Ack(seq))).conn().session().out().sent().size());
    }

    @Test
    void theAcceptingStatesAreTheServersHandshakeAndTheConnectingOnesTheClients() {
        // the server's states run from the banner exchange to SESSION_ACCEPTING (§4), the client's
        // from START_CONNECT to SESSION_RECONNECTING (§3)
        Set<StateKind> accepting = Set.of(StateKind.BANNER_ACCEPTING, StateKind.HELLO_ACCEPTING, StateKind.AUTH_ACCEPTING,
                StateKind.AUTH_ACCEPTING_MORE, StateKind.AUTH_ACCEPTING_SIGN, StateKind.COMPRESSION_ACCEPTING,
                StateKind.SESSION_ACCEPTING);
        Set<StateKind> connecting = Set.of(StateKind.START_CONNECT, StateKind.BANNER_CONNECTING,
                StateKind.HELLO_CONNECTING, StateKind.AUTH_CONNECTING, StateKind.AUTH_CONNECTING_SIGN,
                StateKind.COMPRESSION_CONNECTING, StateKind.SESSION_CONNECTING, StateKind.SESSION_RECONNECTING);
        for (StateKind k : StateKind.values()) {
            assertEquals(accepting.contains(k), k.accepting(), k.name());
            assertEquals(connecting.contains(k), k.connecting(), k.name());
        }
    }

    @Test
    void closeReasonsSayWhatHappenedWithTheirValues() {
        String msgr1 = new CloseReason.MalformedInput(DecodeFailure.MSGR1_BANNER, "ceph v027").describe();
        assertTrue(msgr1.contains("msgr1") && msgr1.contains("v2:"), msgr1);
        String crc = new CloseReason.MalformedInput(DecodeFailure.PREAMBLE_CRC_MISMATCH, "segment 0").describe();
        assertTrue(crc.startsWith("the peer's bytes do not decode") && crc.endsWith("segment 0"), crc);
        String lacks = new CloseReason.BannerMismatch(0x2, 0x1).describe();
        assertTrue(lacks.contains("lacks 0x2") && lacks.contains("we lack 0x1"), lacks);
    }

    @Test
    void aTranscriptPrintsItsSizesNotItsBytes() {
        Transcript t = new Transcript(Vector.of(Bytes.ascii("abc"), Bytes.ascii("de")), Vector.of(Bytes.ascii("x")), true);
        assertEquals("Transcript[sent=5B, received=1B, recording=true]", t.toString());
        assertEquals("Transcript[sent=5B, received=1B, recording=false]", t.stop().toString());
    }

    @Test
    void aMessengerAtATimeHasThatTime() {
        Conn c = ExhaustiveStateTagTest.in(StateKind.READY, Policy.LOSSLESS_PEER);
        Messenger m = Messenger.create(c.config(), c.env());
        UTime later = new UTime(1_700_000_000, 5);
        Messenger at = m.at(later);
        assertEquals(later, at.env().now());
        assertSame(m.config(), at.config());
        assertEquals(m.env().withNow(later), at.env());
    }
}
