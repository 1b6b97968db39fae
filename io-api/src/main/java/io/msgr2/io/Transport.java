package io.msgr2.io;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.Limits;
import io.msgr2.codec.RecyclingAllocator;
import io.msgr2.codec.endpoint.Buffers;
import io.msgr2.codec.endpoint.Endpoint;
import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.codec.endpoint.Outgoing;
import io.msgr2.codec.endpoint.Received;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.frame.FrameText;
import io.msgr2.spec.wire.Bytes;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One TCP connection of a {@link Msgr2Messenger}, as its {@link NetworkStack} sees it: the
 * codec's {@link Endpoint} plus the messenger it reports to. A stack feeds it received bytes
 * ({@link #receive}: every banner and frame they complete steps the spec, on the calling
 * thread), writes what it has to send ({@link #next}), and says when the TCP connection was
 * established or ended. Everything the spec decides arrives here as effects, already in the
 * endpoint; the stack is told to {@link NetworkStack.ConnectedSocket#flush} or close.
 *
 * <p>Threads: {@link #receive} is called by one thread at a time (the reader), {@link #next}
 * by one thread at a time (the writer, which may be the same); the endpoint's queues are
 * concurrent, so the spec may be stepped on any thread.
 */
public final class Transport {
    private final Msgr2Messenger messenger;
    private final long id;
    private final Endpoint endpoint;
    private final ReadBuffers readBuffers;
    /** Loaned receive buffers: the decoder's arrays, handed out again after each batch of input. */
    private final RecyclingAllocator received;
    /** The encoder's secure-mode output, handed out again once the stack has written it. */
    private final RecyclingAllocator sent;
    private volatile NetworkStack.ConnectedSocket socket;
    private volatile boolean closing;
    /** The connection whose effects last went to this transport (a takeover moves a transport to another connection). */
    volatile long owner = -1;

    /** {@code large}: the messenger's pool of large arrays, which this connection's recycling allocators share. */
    Transport(Msgr2Messenger messenger, long id, Role role, Limits limits, ReceiveBuffers mode, LargeArrays large) {
        this.messenger = messenger;
        this.id = id;
        boolean loaned = mode == ReceiveBuffers.LOANED;
        this.received = loaned ? new RecyclingAllocator(KEEP, large) : null;
        this.sent = new RecyclingAllocator(KEEP, large);
        this.endpoint = new Endpoint(role, limits, new Buffers(loaned ? received : Allocator.HEAP, loaned, sent),
                Hooks.NONE, ConcurrentLinkedQueue::new);
        this.readBuffers = new ReadBuffers(endpoint.receiver(), loaned);
    }

    /** What each recycling allocator keeps for reuse at most, of arrays under 1 MiB (larger ones: the messenger's pool). */
    private static final long KEEP = 4L << 20;

    public long id() {
        return id;
    }

    /** Client if we dialled, server if we accepted. */
    public Role role() {
        return endpoint.role();
    }

    /** The codec's endpoint under it. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The arrays the stack reads into (the reading thread's). */
    public ReadBuffers readBuffers() {
        return readBuffers;
    }

    /** Bytes received and not yet decoded. */
    public long pendingInput() {
        return endpoint.receiver().buffered();
    }

    /** The stack's socket for this TCP connection: what is already queued (our banner) is written. */
    public void attach(NetworkStack.ConnectedSocket s) {
        this.socket = s;
        if (closing) {
            s.closeAfterFlush();
        } else {
            s.flush();
        }
    }

    /** Our dial succeeded (after {@link #attach}). */
    public void connected() {
        messenger.step(m -> m.onTransport(id, new Input.TransportConnected()));
    }

    /** The TCP connection failed, was refused or ended (an IO error, the peer closed it, we closed it). */
    public void closed(String detail) {
        messenger.step(m -> m.onTransport(id, new Input.TransportClosed(detail)));
        messenger.ended(this);
    }

    /**
     * Hands over received bytes (they must not change afterwards: decoded segments may be
     * views of them), then decodes and steps the spec with each banner, frame and failure they
     * complete, in order. Returns why decoding stopped: more bytes are needed ({@link
     * Received.NeedMore}, with how many at least), the framing is undecided ({@link
     * Received.AwaitingFraming}: the banner was refused, the connection is closing), or the
     * input is over ({@link Received.Over}: the bytes were bad).
     */
    public Received receive(Bytes chunk) {
        endpoint.receiver().feed(chunk);
        return receive();
    }

    /**
     * For a stack that already holds {@code n} received bytes (Netty's buffer): copies them
     * into the read arrays in the pieces {@link ReadBuffers#reserveHeld} sizes, handing each
     * piece to {@link #receive(Bytes)}. Returns why decoding stopped, as {@code receive} does; it
     * stops copying once that is not {@link Received.NeedMore} (the rest is not wanted).
     */
    public Received receiveHeld(int n, HeldBytes held) {
        Received r = new Received.NeedMore(hint);
        for (int left = n; left > 0 && r instanceof Received.NeedMore; ) {
            long pending = pendingInput();
            if (pending == 0) {
                readBuffers.rewind();
            }
            int k = readBuffers.reserveHeld(left, hint, pending);
            held.copyTo(readBuffers.array(), readBuffers.offset(), k);
            left -= k;
            r = receive(readBuffers.commit(k));
            if (r instanceof Received.NeedMore m) {
                hint = m.bytes();
            }
        }
        return r;
    }

    /** Received bytes a stack holds, copied out in order by {@link #receiveHeld}. */
    @FunctionalInterface
    public interface HeldBytes {
        /** Copies the next {@code length} bytes into {@code array} at {@code offset}. */
        void copyTo(byte[] array, int offset, int length);
    }

    /** The receiver's last "need at least this many more bytes" (sizes the next read array). */
    private long hint;

    /**
     * {@link #receive(Bytes)} without new bytes. Every frame decoded has been handled when it
     * returns, so loaned buffers are handed out again from here.
     */
    public Received receive() {
        while (true) {
            Received r = endpoint.receiver().next();
            if (r.stalled()) {
                if (received != null) {
                    received.recycle();
                }
                return r;
            }
            Optional<Input> in = r.input();
            if (in.isEmpty()) {
                continue; // an aborted frame: dropped, as Ceph does
            }
            if (messenger.tracing()) {
                messenger.traceLine(() -> "t" + id + " < " + describe(r));
            }
            messenger.step(m -> m.onTransport(id, in.get()));
        }
    }

    private static String describe(Received r) {
        return switch (r) {
            case Received.Banner b -> "banner " + b.received().banner();
            case Received.Frame f -> FrameText.describe(f.received().frame()) + (f.info().compressed()
                    ? " [compressed " + f.info().wireLengths() + " -> " + f.info().plainLengths() + "]" : "");
            case Received.Malformed e -> "malformed: " + e.error();
            default -> r.toString();
        };
    }

    /**
     * The next bytes to write, in the spec's order, or {@link Outgoing.Idle}. A frame the
     * encoder refuses (secure mode out of nonces) is reported to the spec here and skipped.
     * A write's bytes are valid until the next call (the stack has written or copied them by
     * then: their arrays are reused).
     */
    public Outgoing next() {
        sent.recycle();
        while (true) {
            Outgoing o = endpoint.sender().next();
            if (o instanceof Outgoing.Refused r) {
                messenger.step(m -> m.onTransport(id, r.input()));
                continue;
            }
            if (o instanceof Outgoing.Write w) {
                messenger.written(this, w);
            }
            return o;
        }
    }

    /** Whether anything waits to be encoded. */
    public boolean pending() {
        return endpoint.sender().pending();
    }

    void flush() {
        NetworkStack.ConnectedSocket s = socket;
        if (s != null) {
            s.flush();
        }
    }

    void closeAfterFlush() {
        closing = true;
        NetworkStack.ConnectedSocket s = socket;
        if (s != null) {
            s.closeAfterFlush();
        }
    }

    @Override
    public String toString() {
        return "t" + id;
    }
}
