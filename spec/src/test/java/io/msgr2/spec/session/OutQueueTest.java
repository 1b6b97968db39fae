package io.msgr2.spec.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.MsgHeader2;
import io.vavr.collection.Queue;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sender's queues against Ceph's AsyncMessenger primitives as docs/facts/msgr2-session-facts.md
 * states them: cumulative acknowledgement trimming at most 128 messages per call (§9.2,
 * handle_message_ack), requeue (§7.4, requeue_sent) and discard up to m (§7.4,
 * discard_requeued_up_to).
 */
class OutQueueTest {
    static Message msg(long seq, int priority) {
        MsgHeader2 h = MsgHeader2.of(1, priority, 1, 1);
        return new Message(seq == 0 ? h : h.withSeq(seq, 0), Bytes.EMPTY, Bytes.EMPTY, Bytes.EMPTY);
    }

    /** A queue whose sent list holds seqs 1..n, in order. */
    static OutQueue sent(int n) {
        OutQueue q = OutQueue.EMPTY;
        for (int s = 1; s <= n; s++) {
            q = q.recordSent(msg(s, MsgHeader2.PRIO_DEFAULT));
        }
        return q;
    }

    static List<Long> seqs(Queue<Message> q) {
        return q.map(m -> m.header().seq()).toJavaList();
    }

    @Test
    void anAckTrimsEverySentMessageUpToItsSeqAndNoFurther() {
        // cumulative: ACK(s) acknowledges every seq <= s, so the message with seq s goes too
        assertEquals(List.of(4L, 5L), seqs(sent(5).acked(3).sent()));
        assertEquals(List.of(), seqs(sent(5).acked(5).sent()));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(sent(5).acked(0).sent()));
    }

    @Test
    void oneAckTrimsAtMost128MessagesAndTheNextTakesTheRest() {
        // handle_message_ack pops at most 128 per call; the remainder goes at the next ack
        OutQueue q = sent(300).acked(300);
        assertEquals(300 - OutQueue.ACK_TRIM_LIMIT, q.sent().size());
        assertEquals(OutQueue.ACK_TRIM_LIMIT + 1, q.sent().head().header().seq());
        q = q.acked(300);
        assertEquals(300 - 2 * OutQueue.ACK_TRIM_LIMIT, q.sent().size());
        assertEquals(2 * OutQueue.ACK_TRIM_LIMIT + 1, q.sent().head().header().seq());
        assertTrue(q.acked(300).sent().isEmpty());
        // exactly the limit goes in one call
        assertTrue(sent(OutQueue.ACK_TRIM_LIMIT).acked(OutQueue.ACK_TRIM_LIMIT).sent().isEmpty());
    }

    @Test
    void theHighestSentSeqIsTheLastTransmittedOrZero() {
        assertEquals(0, OutQueue.EMPTY.highestSentSeq());
        assertEquals(7, sent(7).highestSentSeq());
        assertEquals(0, sent(7).acked(7).highestSentSeq());
    }

    @Test
    void queuedCountCountsEveryPriority() {
        OutQueue q = OutQueue.EMPTY.enqueue(msg(0, MsgHeader2.PRIO_LOW)).enqueue(msg(0, MsgHeader2.PRIO_HIGH))
                .enqueue(msg(0, MsgHeader2.PRIO_HIGH));
        assertEquals(3, q.queuedCount());
        assertEquals(2, q.pollHighest()._2.queuedCount());
        assertEquals(0, OutQueue.EMPTY.queuedCount());
    }

    @Test
    void requeueWithNothingSentChangesNothing() {
        OutQueue q = OutQueue.EMPTY.enqueue(msg(0, MsgHeader2.PRIO_DEFAULT));
        assertSame(q, q.requeueSent());
        assertEquals(1, q.requeueSent().queuedCount());
    }

    @Test
    void requeuePutsTheSentListInFrontOfPriority255AndDiscardDropsWhatThePeerHas() {
        OutQueue q = sent(3).enqueue(msg(0, MsgHeader2.PRIO_HIGHEST)).requeueSent();
        assertTrue(q.sent().isEmpty());
        assertEquals(List.of(1L, 2L, 3L, 0L), seqs(q.queued().get(MsgHeader2.PRIO_HIGHEST).get()));
        // the caller lowered out_seq from 3 to 0; the peer has up to 2: two dropped, out_seq 2
        var d = q.discardRequeuedUpTo(0, 2);
        assertEquals(2L, d._2);
        assertEquals(List.of(3L, 0L), seqs(d._1.queued().get(MsgHeader2.PRIO_HIGHEST).get()));
        // discarding stops at a never-sent (seq 0) message
        var all = q.discardRequeuedUpTo(0, 10);
        assertEquals(3L, all._2);
        assertEquals(List.of(0L), seqs(all._1.queued().get(MsgHeader2.PRIO_HIGHEST).get()));
        // with no priority-255 queue at all, out_seq becomes m
        assertEquals(9L, OutQueue.EMPTY.discardRequeuedUpTo(4, 9)._2);
    }
}
