package io.msgr2.spec.session;

import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.MsgHeader2;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.Queue;
import io.vavr.collection.TreeMap;

/**
 * A session's outgoing messages: the queues by priority, not yet transmitted, and (lossless
 * only) the transmitted ones the peer has not acknowledged. A message's header seq is 0
 * until it is first transmitted; a requeued message keeps its seq and gets the same number
 * again when it is retransmitted.
 *
 * @param queued priority -> FIFO; a priority with no messages has no entry (Ceph erases it)
 * @param sent transmitted and unacknowledged, in seq order
 */
public record OutQueue(TreeMap<Integer, Queue<Message>> queued, Queue<Message> sent) {
    public static final OutQueue EMPTY = new OutQueue(TreeMap.empty(), Queue.empty());
    /** At most this many messages leave {@code sent} per acknowledgement (Ceph's handle_message_ack). */
    public static final int ACK_TRIM_LIMIT = 128;

    public boolean nothingQueued() {
        return queued.isEmpty();
    }

    public int queuedCount() {
        return queued.values().map(Queue::size).sum().intValue();
    }

    public OutQueue enqueue(Message m) {
        int prio = m.header().priority();
        return new OutQueue(queued.put(prio, queued.get(prio).getOrElse(Queue.empty()).append(m)), sent);
    }

    /** The front of the highest non-empty priority, and the queue without it. */
    public Tuple2<Message, OutQueue> pollHighest() {
        var top = queued.last();
        Queue<Message> rest = top._2.tail();
        TreeMap<Integer, Queue<Message>> q = rest.isEmpty() ? queued.remove(top._1) : queued.put(top._1, rest);
        return Tuple.of(top._2.head(), new OutQueue(q, sent));
    }

    public OutQueue recordSent(Message m) {
        return new OutQueue(queued, sent.append(m));
    }

    /**
     * {@code requeue_sent}: every sent message goes back to the front of priority 255, in
     * seq order; the caller lowers out_seq by {@link #sent()}{@code .size()}.
     */
    public OutQueue requeueSent() {
        if (sent.isEmpty()) {
            return this;
        }
        Queue<Message> top = queued.get(MsgHeader2.PRIO_HIGHEST).getOrElse(Queue.empty());
        return new OutQueue(queued.put(MsgHeader2.PRIO_HIGHEST, sent.appendAll(top)), Queue.empty());
    }

    /**
     * {@code discard_requeued_up_to(cur, m)}: drops requeued messages the peer already has
     * ({@code seq <= m}) from the front of priority 255; returns the new out_seq. With no
     * priority-255 queue at all, out_seq becomes m.
     */
    public Tuple2<OutQueue, Long> discardRequeuedUpTo(long curOutSeq, long m) {
        var top = queued.get(MsgHeader2.PRIO_HIGHEST);
        if (top.isEmpty()) {
            return Tuple.of(this, m);
        }
        Queue<Message> rq = top.get();
        long out = curOutSeq;
        while (!rq.isEmpty() && rq.head().header().seq() != 0 && rq.head().header().seq() <= m) {
            rq = rq.tail();
            out++;
        }
        var q = rq.isEmpty() ? queued.remove(MsgHeader2.PRIO_HIGHEST) : queued.put(MsgHeader2.PRIO_HIGHEST, rq);
        return Tuple.of(new OutQueue(q, sent), out);
    }

    /** An acknowledgement of every seq up to {@code seq}: trims {@code sent} (at most 128 per call). */
    public OutQueue acked(long seq) {
        Queue<Message> s = sent;
        int n = 0;
        while (!s.isEmpty() && s.head().header().seq() <= seq && n < ACK_TRIM_LIMIT) {
            s = s.tail();
            n++;
        }
        return new OutQueue(queued, s);
    }

    public long highestSentSeq() {
        return sent.isEmpty() ? 0 : sent.last().header().seq();
    }
}
