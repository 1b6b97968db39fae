package io.msgr2.io;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.BannerCodec;
import io.msgr2.codec.frame.ConnectionSecret;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.wire.Bytes;
import java.io.IOException;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One TCP connection: its socket, the decoder its reader thread feeds, and the outbox of
 * effects that must reach the wire in the order the spec emitted them. A writer thread of
 * its own encodes (nonces!) and writes them in that order, so that no reader ever blocks on
 * a full socket buffer (two peers writing to each other would otherwise deadlock).
 */
final class Transport {
    final long id;
    final Role role;
    final FrameDecoder decoder;
    /** Effects for the sending side, in spec order. */
    private final ConcurrentLinkedQueue<Effect> outbox = new ConcurrentLinkedQueue<>();
    /** Effects for the receiving side (framing, crypto, capture), applied by the reader before it decodes on. */
    private final ConcurrentLinkedQueue<Effect> inbox = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.Semaphore wakeup = new java.util.concurrent.Semaphore(0);
    private volatile Socket socket;
    private volatile boolean closeWhenDrained;
    private WriteBuffers out;
    private FrameEncoder encoder;
    private boolean rev1;
    private volatile boolean closed;

    Transport(long id, Role role, io.msgr2.codec.Limits limits) {
        this.id = id;
        this.role = role;
        this.decoder = new FrameDecoder(limits, Allocator.HEAP);
        decoder.captureWire(true);
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

    /** Queues an effect (under the messenger's lock, so the order is the spec's). */
    void enqueue(Effect e) {
        switch (e) {
            case Effect.StartFraming f -> {
                inbox.add(e);
                outbox.add(e);
            }
            case Effect.InstallSecure s -> {
                inbox.add(e);
                outbox.add(e);
            }
            case Effect.InstallCompression s -> {
                inbox.add(e);
                outbox.add(e);
            }
            case Effect.StopCapture s -> inbox.add(e);
            default -> outbox.add(e);
        }
    }

    /** The reader applies what changes how it decodes, before the next frame. */
    void applyInbox() {
        for (Effect e; (e = inbox.poll()) != null; ) {
            switch (e) {
                case Effect.StartFraming f -> decoder.decideFraming(f.rev1());
                case Effect.InstallSecure s -> decoder.installSecure(ConnectionSecret.rx(s.connectionSecret(), role,
                        decoder.format().rev1()));
                case Effect.StopCapture s -> decoder.captureWire(false);
                case Effect.InstallCompression s -> decoder.installCompression(s.method());
                default -> throw new AssertionError(e);
            }
        }
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
     * The writer loop (its own thread, started once the socket is attached): encodes and
     * writes what is queued, in order, then flushes. {@code refused} hears of a frame the
     * encoder could not send (nonces used up); an IO failure closes the socket.
     */
    void writeLoop(java.util.function.Consumer<String> refused) {
        try {
            while (!closed) {
                wakeup.acquire();
                wakeup.drainPermits();
                for (Effect e; !closed && (e = outbox.poll()) != null; ) {
                    write(e).ifPresent(refused);
                }
                out.flush();
                if (closeWhenDrained && outbox.isEmpty()) {
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

    private Optional<String> write(Effect e) throws IOException {
        switch (e) {
            case Effect.SendBanner b -> writeBytes(BannerCodec.encode(b.banner()));
            case Effect.StartFraming f -> {
                rev1 = f.rev1();
                encoder = new FrameEncoder(rev1);
            }
            case Effect.InstallSecure s -> encoder.installSecure(ConnectionSecret.tx(s.connectionSecret(), role, rev1));
            case Effect.InstallCompression s -> encoder.installCompression(s.method(), s.minSize());
            case Effect.SendFrame f -> {
                switch (encoder.encode(f.frame())) {
                    case EncodeResult.Encoded enc -> {
                        for (Bytes chunk : enc.wire().chunks()) {
                            writeBytes(chunk);
                        }
                    }
                    case EncodeResult.Refused r -> {
                        return Optional.of(r.detail());
                    }
                }
            }
            default -> throw new AssertionError("not an outbox effect: " + e);
        }
        return Optional.empty();
    }

    private void writeBytes(Bytes b) throws IOException {
        out.write(b.unsafeArray(), b.unsafeOffset(), b.length());
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
