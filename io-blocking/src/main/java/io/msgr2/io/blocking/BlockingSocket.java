package io.msgr2.io.blocking;

import io.msgr2.codec.endpoint.Outgoing;
import io.msgr2.codec.endpoint.Received;
import io.msgr2.io.NetworkStack;
import io.msgr2.io.ReadBuffers;
import io.msgr2.io.Transport;
import io.msgr2.spec.wire.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * One TCP connection on a blocking java.net socket: a reader thread feeds the transport
 * (which steps the spec), a writer thread of its own writes what the transport's sender
 * encodes, so that no reader ever blocks on a full socket buffer (two peers writing to each
 * other would otherwise deadlock). The writer sleeps until {@link #flush} wakes it.
 */
final class BlockingSocket implements NetworkStack.ConnectedSocket {
    private static final System.Logger LOG = System.getLogger("io.msgr2");

    private final Socket socket;
    private final Transport transport;
    private final WriteBuffers out;
    private final Semaphore wakeup = new Semaphore(0);
    private volatile boolean closeAfterFlush;
    private volatile boolean closed;

    BlockingSocket(Socket socket, Transport transport) throws IOException {
        socket.setTcpNoDelay(true);
        this.socket = socket;
        this.transport = transport;
        this.out = new WriteBuffers(socket.getOutputStream());
    }

    /** Starts the writer, hands the socket to the transport (its queued banner goes out), then reads on this thread. */
    void run(Executor executor, boolean dialled) {
        executor.execute(this::writeLoop);
        transport.attach(this);
        if (dialled) {
            transport.connected();
        }
        readLoop();
    }

    @Override
    public void flush() {
        wakeup.release();
    }

    @Override
    public void closeAfterFlush() {
        closeAfterFlush = true;
        wakeup.release();
    }

    /** The writer loop: writes what the transport encodes, in order, then flushes; closes after the last if asked. */
    private void writeLoop() {
        try {
            while (!closed) {
                wakeup.acquire();
                wakeup.drainPermits();
                for (Outgoing o; !closed && (o = transport.next()) instanceof Outgoing.Write w; ) {
                    for (Bytes chunk : w.wire().chunks()) {
                        // at most 1 MiB per call: the JDK copies a heap array through a temporary
                        // direct buffer of the call's size, which stays warm when it is not larger
                        for (int at = 0; at < chunk.length(); at += PIECE) {
                            out.write(chunk.unsafeArray(), chunk.unsafeOffset() + at, Math.min(PIECE, chunk.length() - at));
                        }
                    }
                }
                out.flush();
                if (closeAfterFlush && !transport.pending()) {
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

    /** The reader loop: bytes to the transport until the TCP connection ends or its input is over. */
    private void readLoop() {
        ReadBuffers rb = transport.readBuffers();
        try {
            InputStream in = socket.getInputStream();
            Received r = transport.receive();
            while (true) {
                switch (r) {
                    case Received.NeedMore n -> {
                        long pending = transport.pendingInput();
                        if (pending == 0) {
                            rb.rewind();
                        }
                        int len = rb.reserveRead(n.bytes(), pending, pending == 0 && in.available() == 0);
                        int got = in.read(rb.array(), rb.offset(), Math.min(len, PIECE));
                        if (got < 0) {
                            throw new IOException("closed by the peer");
                        }
                        r = transport.receive(rb.commit(got));
                    }
                    case Received.AwaitingFraming w -> {
                        close(); // the banner was refused and the connection is being stopped
                        return;
                    }
                    default -> {
                        return; // the input was bad: the spec has closed the connection
                    }
                }
            }
        } catch (IOException e) {
            // reported even when our writer or the spec closed it: the spec ignores transports it let go
            close();
            transport.closed(e.getMessage() == null ? "IO error" : e.getMessage());
        } catch (RuntimeException | Error bug) {
            LOG.log(System.Logger.Level.ERROR, "reader of " + transport + " failed", bug);
            close();
            throw bug;
        }
    }

    /** The most one socket call reads or writes (see {@link #writeLoop}). */
    private static final int PIECE = 1 << 20;

    void close() {
        closed = true;
        wakeup.release();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
