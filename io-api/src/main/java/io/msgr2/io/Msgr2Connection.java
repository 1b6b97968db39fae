package io.msgr2.io;

import io.msgr2.spec.conn.CloseReason;
import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.ConnectionEvent;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.MsgHeader2;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection of a {@link Msgr2Messenger}: a session with one peer, across however many TCP
 * connections it takes. Thread-safe.
 *
 * <p><b>Outbox.</b> Messages given to {@link #send} and not yet written to a socket (queued
 * while the session is not READY, or waiting for the writer) count against the messenger's
 * {@link MessengerOptions#outboxLimit}. When a message would take the outbox past it,
 * {@code send} waits until the writer has brought it back under the limit or the connection
 * closes; {@link #trySend} refuses instead. A send from a listener callback (the transport's
 * own thread, which the writer may need) never waits: it is queued past the limit. Messages a
 * lossless session keeps for retransmission after they were written do not count.
 */
public final class Msgr2Connection implements AutoCloseable {
    private final Msgr2Messenger messenger;
    private final long id;
    private volatile CompletableFuture<Msgr2Connection> ready = new CompletableFuture<>();
    private volatile CloseReason lastClose;
    /** The state it closed in, once it left the messenger. */
    private volatile Optional<Conn> closed = Optional.empty();
    private volatile boolean gone;
    private final ReentrantLock outboxLock = new ReentrantLock();
    private final Condition drained = outboxLock.newCondition();
    /** Message bytes given to send and not yet written (guarded by outboxLock). */
    private long outbox;
    /** The highest seq written so far: a retransmission (lower or equal) is not counted again. */
    private long writtenSeq;

    Msgr2Connection(Msgr2Messenger messenger, long id) {
        this.messenger = messenger;
        this.id = id;
    }

    public long id() {
        return id;
    }

    /**
     * Queues a message; it goes out when the session is READY (at once if it is). Waits while
     * the outbox is full (see the class doc); if interrupted while waiting, it queues the message
     * anyway and keeps the thread's interrupt status.
     */
    public void send(Message m) {
        long size = size(m);
        outboxLock.lock();
        try {
            boolean interrupted = false;
            while (!gone && outbox > 0 && outbox + size > messenger.outboxLimit() && !Msgr2Messenger.inCallback()
                    && !interrupted) {
                try {
                    drained.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            outbox += size;
        } finally {
            outboxLock.unlock();
        }
        messenger.command(id, new Input.SendRequested(m));
    }

    /** Queues a message unless the outbox is full; never waits. */
    public boolean trySend(Message m) {
        long size = size(m);
        outboxLock.lock();
        try {
            if (outbox > 0 && outbox + size > messenger.outboxLimit()) {
                return false;
            }
            outbox += size;
        } finally {
            outboxLock.unlock();
        }
        messenger.command(id, new Input.SendRequested(m));
        return true;
    }

    /** Queues a message of {@code type} with this front payload (priority 127, version 1). */
    public void send(int type, Bytes front) {
        send(new Message(MsgHeader2.of(type, MsgHeader2.PRIO_DEFAULT, 1, 1), front, Bytes.EMPTY, Bytes.EMPTY));
    }

    /** Message bytes given to {@link #send} and not yet written to a socket. */
    public long outboxBytes() {
        outboxLock.lock();
        try {
            return outbox;
        } finally {
            outboxLock.unlock();
        }
    }

    /** Asks for a KEEPALIVE2 stamped with our clock. */
    public void keepalive() {
        messenger.command(id, new Input.KeepaliveRequested(Msgr2Messenger.now()));
    }

    public StateKind state() {
        return snapshot().kind();
    }

    /**
     * The spec's full state of this connection. Once the connection has closed and left the
     * messenger, the state it closed in ({@link StateKind#CLOSED}, with its reason).
     */
    public Conn snapshot() {
        Optional<Conn> c = closed;
        if (c.isPresent()) {
            return c.get();
        }
        return messenger.snapshot(id).or(() -> closed).orElseThrow(() ->
                new IllegalStateException("conn#" + id + " was never part of this messenger"));
    }

    /** Why its last TCP connection closed, if one did. */
    public Optional<CloseReason> lastClose() {
        return Optional.ofNullable(lastClose);
    }

    /**
     * Waits until the session is READY. Fails with {@link ConnectionFailedException} (its
     * {@link ConnectionFailedException#reason()} says why) as soon as the failure is final:
     * the connection is reset or closed, authentication failed, or a lossy connection lost
     * its TCP connection before READY (refused, cut, a malformed answer; the connection is
     * then closed, as Ceph's MonClient marks it down). A lossless connection keeps
     * reconnecting with backoff, as Ceph's does, so for it this waits for READY or the
     * timeout (naming the last close reason).
     */
    public Msgr2Connection awaitReady(Duration timeout) throws ConnectionFailedException, InterruptedException {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConnectionFailedException(e.getCause().getMessage(), lastClose);
        } catch (TimeoutException e) {
            throw new ConnectionFailedException("not ready after " + timeout.toMillis() + " ms"
                    + (lastClose == null ? "" : " (last failure: " + lastClose + ")"), lastClose);
        }
    }

    /** Closes the connection without a reset notification (Ceph's mark_down). */
    @Override
    public void close() {
        messenger.command(id, new Input.CloseRequested());
    }

    void notify(ConnectionEvent e) {
        switch (e) {
            case CONNECTED, ACCEPTED -> ready.complete(this);
            case RESET -> ready.completeExceptionally(new IllegalStateException("connection reset"
                    + (lastClose == null ? "" : ": " + lastClose)));
            default -> { }
        }
    }

    void transportClosed(CloseReason reason) {
        lastClose = reason;
        if (ready.isDone()) {
            ready = new CompletableFuture<>(); // a new handshake follows (lossless), or nothing (lossy)
            return;
        }
        // before READY the spec retries with backoff, as Ceph's messenger does. For a lossy
        // connection the caller gives up instead, as Ceph's MonClient does (it marks the connection
        // down and hunts another mon): awaitReady fails and the connection is closed, so nothing
        // retries behind the caller's back. An authentication failure ends awaitReady on any policy.
        boolean lossy = messenger.snapshot(id).map(c -> c.session().policy().lossy()).orElse(true);
        boolean giveUp = lossy && !(reason instanceof CloseReason.PipeliningRefused);
        if (giveUp || reason instanceof CloseReason.AuthFailed) {
            ready.completeExceptionally(new IllegalStateException(reason.describe()));
        }
        if (giveUp) {
            close();
        }
    }


    /** The connection left the messenger: remember how it ended; nothing waits for its outbox any more. */
    void closedAs(Optional<Conn> last) {
        closed = last.map(c -> c.kind() == StateKind.CLOSED ? c
                : c.withPhase(new io.msgr2.spec.conn.Phase.Closed(new CloseReason.LocallyClosed())));
        gone = true;
        if (!ready.isDone()) {
            ready.completeExceptionally(new IllegalStateException("connection closed"
                    + (lastClose == null ? "" : ": " + lastClose)));
        }
        outboxDropped();
    }

    /** The spec dropped what was queued (a reset, a close). */
    void outboxDropped() {
        outboxLock.lock();
        try {
            outbox = 0;
            writtenSeq = 0;
            drained.signalAll();
        } finally {
            outboxLock.unlock();
        }
    }

    /** The writer wrote {@code m}: its bytes leave the outbox (unless it is a retransmission). */
    void written(Message m) {
        outboxLock.lock();
        try {
            long seq = m.header().seq();
            if (seq > writtenSeq) {
                writtenSeq = seq;
                outbox = Math.max(0, outbox - size(m));
                if (outbox <= messenger.outboxLimit()) {
                    drained.signalAll();
                }
            }
        } finally {
            outboxLock.unlock();
        }
    }

    private static long size(Message m) {
        return (long) m.front().length() + m.middle().length() + m.data().length();
    }

    /** The session did not reach READY. */
    public static final class ConnectionFailedException extends Exception {
        private final transient CloseReason reason;

        ConnectionFailedException(String message, CloseReason reason) {
            super(message);
            this.reason = reason;
        }

        public Optional<CloseReason> reason() {
            return Optional.ofNullable(reason);
        }
    }

    @Override
    public String toString() {
        return "conn#" + id;
    }
}
