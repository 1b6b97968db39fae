package io.msgr2.io;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.endpoint.Endpoint;
import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.codec.endpoint.Outgoing;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.wire.Bytes;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One TCP connection: its socket and its {@link Endpoint} (the codec's sans-IO connection),
 * whose receiver the reader thread drives and whose sender a writer thread of its own
 * drains, so that no reader ever blocks on a full socket buffer (two peers writing to each
 * other would otherwise deadlock). The endpoint's queues are concurrent: the spec is stepped
 * on whichever thread had an input.
 */
final class Transport {
    final long id;
    final Endpoint endpoint;
    private final java.util.concurrent.Semaphore wakeup = new java.util.concurrent.Semaphore(0);
    private volatile Socket socket;
    private volatile boolean closeWhenDrained;
    private WriteBuffers out;
    private volatile boolean closed;

    Transport(long id, Role role, io.msgr2.codec.Limits limits) {
        this.id = id;
        this.endpoint = new Endpoint(role, limits, Allocator.HEAP, Hooks.NONE, ConcurrentLinkedQueue::new);
    }

    void attach(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        this.out = new WriteBuffers(s.getOutputStream());
        this.socket = s;
    }

    Socket socket() {
        return socket;
    }

    boolean closed() {
        return closed;
    }

    /** Wakes the writer: there is something to send (or to close). */
    void signal() {
        wakeup.release();
    }

    /** Sends what is queued, then closes the socket. */
    void closeWhenDrained() {
        closeWhenDrained = true;
        signal();
    }

    /**
     * The writer loop (its own thread, started once the socket is attached): writes what the
     * endpoint's sender encodes, in order, then flushes. {@code refused} hears of a frame the
     * encoder could not send (nonces used up); an IO failure closes the socket.
     */
    void writeLoop(java.util.function.Consumer<Input> refused) {
        try {
            while (!closed) {
                wakeup.acquire();
                wakeup.drainPermits();
                for (Outgoing o; !closed && !((o = endpoint.sender().next()) instanceof Outgoing.Idle); ) {
                    switch (o) {
                        case Outgoing.Write w -> {
                            for (Bytes chunk : w.wire().chunks()) {
                                out.write(chunk.unsafeArray(), chunk.unsafeOffset(), chunk.length());
                            }
                        }
                        case Outgoing.Refused r -> refused.accept(r.input());
                        case Outgoing.Idle i -> throw new AssertionError();
                    }
                }
                out.flush();
                if (closeWhenDrained && !endpoint.sender().pending()) {
                    close();
                }
            }
        } catch (IOException ex) {
            close();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    void close() {
        closed = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
