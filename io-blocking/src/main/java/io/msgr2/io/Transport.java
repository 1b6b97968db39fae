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
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One TCP connection: its socket, the decoder its reader thread feeds, and the outbox of
 * effects that must reach the wire in the order the spec emitted them. Any thread may
 * drain the outbox; one at a time does, so frames are encoded (nonces!) in spec order.
 */
final class Transport {
    final long id;
    final Role role;
    final FrameDecoder decoder;
    /** Effects for the sending side, in spec order. */
    private final ConcurrentLinkedQueue<Effect> outbox = new ConcurrentLinkedQueue<>();
    /** Effects for the receiving side (framing, crypto, capture), applied by the reader before it decodes on. */
    private final ConcurrentLinkedQueue<Effect> inbox = new ConcurrentLinkedQueue<>();
    private final ReentrantLock drainLock = new ReentrantLock();
    private volatile Socket socket;
    private OutputStream out;
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
        this.out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
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
            case Effect.StopCapture s -> inbox.add(e);
            default -> outbox.add(e);
        }
    }

    /** The reader applies what changes how it decodes, before the next frame. */
    void applyInbox() {
        for (Effect e; (e = inbox.poll()) != null; ) {
            switch (e) {
                case Effect.StartFraming f -> decoder.startFrames(f.rev1());
                case Effect.InstallSecure s -> decoder.installSecure(ConnectionSecret.rx(s.connectionSecret(), role,
                        decoder.format().rev1()));
                case Effect.StopCapture s -> decoder.captureWire(false);
                default -> throw new AssertionError(e);
            }
        }
    }

    /**
     * Encodes and writes what is queued, if the socket is up. Returns a refusal detail when
     * the encoder could not send (nonces used up); an IO failure closes the socket.
     */
    Optional<String> drain() {
        Optional<String> refused = Optional.empty();
        while (!outbox.isEmpty() && socket != null && !closed) {
            if (!drainLock.tryLock()) {
                return refused; // the thread holding it drains our effects too
            }
            try {
                for (Effect e; socket != null && (e = outbox.poll()) != null; ) {
                    Optional<String> r = write(e);
                    if (r.isPresent()) {
                        refused = r;
                    }
                }
                if (out != null) {
                    out.flush();
                }
            } catch (IOException ex) {
                close();
            } finally {
                drainLock.unlock();
            }
        }
        return refused;
    }

    private Optional<String> write(Effect e) throws IOException {
        switch (e) {
            case Effect.SendBanner b -> writeBytes(BannerCodec.encode(b.banner()));
            case Effect.StartFraming f -> {
                rev1 = f.rev1();
                encoder = new FrameEncoder(rev1);
            }
            case Effect.InstallSecure s -> encoder.installSecure(ConnectionSecret.tx(s.connectionSecret(), role, rev1));
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
