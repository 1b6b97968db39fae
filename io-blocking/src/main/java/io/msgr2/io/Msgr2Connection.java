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

/**
 * A connection of a {@link Msgr2Messenger}: a session with one peer, across however many TCP
 * connections it takes. Thread-safe.
 */
public final class Msgr2Connection implements AutoCloseable {
    private final Msgr2Messenger messenger;
    private final long id;
    private volatile CompletableFuture<Msgr2Connection> ready = new CompletableFuture<>();
    private volatile CloseReason lastClose;

    Msgr2Connection(Msgr2Messenger messenger, long id) {
        this.messenger = messenger;
        this.id = id;
    }

    public long id() {
        return id;
    }

    /** Queues a message; it goes out when the session is READY (at once if it is). */
    public void send(Message m) {
        messenger.command(id, new Input.SendRequested(m));
    }

    /** Queues a message of {@code type} with this front payload (priority 127, version 1). */
    public void send(int type, Bytes front) {
        send(new Message(MsgHeader2.of(type, MsgHeader2.PRIO_DEFAULT, 1, 1), front, Bytes.EMPTY, Bytes.EMPTY));
    }

    /** Asks for a KEEPALIVE2 stamped with our clock. */
    public void keepalive() {
        messenger.command(id, new Input.KeepaliveRequested(Msgr2Messenger.now()));
    }

    public StateKind state() {
        return snapshot().kind();
    }

    /** The spec's full state of this connection. */
    public Conn snapshot() {
        return messenger.snapshot(id);
    }

    /** Why its last TCP connection closed, if one did. */
    public Optional<CloseReason> lastClose() {
        return Optional.ofNullable(lastClose);
    }

    /**
     * Waits until the session is READY. Fails with {@link ConnectionFailedException} when
     * the connection is reset or when the timeout passes (naming the last close reason).
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
        }
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
