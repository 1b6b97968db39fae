package io.msgr2.codec.endpoint;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.Limits;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Effect;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * One TCP connection of a msgr2 messenger without any IO: the glue between bytes and the
 * spec that every transport, the simulator and the replay share.
 *
 * <p>Its {@link Receiver} turns received bytes into the spec's inputs (banner, frames, the
 * first decode failure); its {@link Sender} turns the spec's wire effects into the bytes to
 * write. {@link #submit} takes the spec's effects for this connection in the order the spec
 * emitted them and gives each half what concerns it: the framing revision
 * ({@code StartFraming}), secure mode ({@code InstallSecure}) and compression
 * ({@code InstallCompression}) switch both halves, each exactly at its position in the
 * stream: the receiver applies them before it decodes its next frame, the sender between the
 * frames queued before and after them; {@code StopCapture} ends the receiver's pre-auth
 * capture. There are no threads, sockets or clocks in here.
 *
 * <p>Threads: the endpoint has none and takes no lock. {@link #submit} only queues: to call it
 * from another thread than the one driving a half (a blocking transport steps the spec on
 * one thread, reads on another and writes on a third), give it thread-safe queues (for
 * example {@code ConcurrentLinkedQueue::new}); each half is then driven by one thread at a
 * time. Single-threaded users (an event loop, the simulator, a replay) take the default.
 *
 * <p>Buffers ({@link Buffers}): a received chunk is handed over with {@link Receiver#feed}
 * and must not change afterwards; decoded segments that lie inside one chunk are views of
 * it. With owned buffers (the default) the chunk stays referenced for as long as the
 * application keeps the message, and the garbage collector frees it; with loaned ones the
 * transport reuses it once the frames decoded from it were handled. Everything the peer makes
 * the decoder allocate comes from the buffers' {@link Allocator}. Bytes from
 * {@link Sender#next} are the transport's to write; in crc mode they include the
 * application's own segment buffers (never copied), which it must not change until written.
 */
public final class Endpoint {
    private final Role role;
    private final Receiver receiver;
    private final Sender sender;

    /**
     * @param role which side of the TCP connection we are (the dialler is the client): the
     *     secure-mode nonces of each direction depend on it
     * @param buffers where the halves allocate, and whether received buffers are loaned
     * @param hooks how the sender deviates from plain encoding ({@link Hooks#NONE}: not at all)
     * @param queues makes the two queues that {@link #submit} fills: {@code ArrayDeque::new}
     *     when one thread does everything, a concurrent queue when it does not
     */
    public Endpoint(Role role, Limits limits, Buffers buffers, Hooks hooks, Supplier<Queue<Effect>> queues) {
        this.role = role;
        this.receiver = new Receiver(role, limits, buffers, queues.get());
        this.sender = new Sender(role, hooks, buffers.send(), queues.get());
    }

    /** A single-threaded endpoint with owned buffers from {@code alloc}. */
    public Endpoint(Role role, Limits limits, Allocator alloc, Hooks hooks) {
        this(role, limits, Buffers.owned(alloc), hooks, ArrayDeque::new);
    }

    /** A single-threaded endpoint with the default limits, heap buffers and no hooks. */
    public static Endpoint of(Role role) {
        return new Endpoint(role, Limits.DEFAULT, Allocator.HEAP, Hooks.NONE);
    }

    public Role role() {
        return role;
    }

    public Receiver receiver() {
        return receiver;
    }

    public Sender sender() {
        return sender;
    }

    /**
     * One of the spec's effects for this TCP connection, in the spec's order. Returns whether
     * it concerned the wire; the others (deliveries, notifications, timers, connect, close)
     * are the transport's and the application's.
     */
    public boolean submit(Effect e) {
        switch (e) {
            case Effect.StartFraming x -> {
                receiver.control(e);
                sender.queue(e);
            }
            case Effect.InstallSecure x -> {
                receiver.control(e);
                sender.queue(e);
            }
            case Effect.InstallCompression x -> {
                receiver.control(e);
                sender.queue(e);
            }
            case Effect.StopCapture x -> receiver.control(e);
            case Effect.SendBanner x -> sender.queue(e);
            case Effect.SendFrame x -> sender.queue(e);
            default -> {
                return false;
            }
        }
        return true;
    }
}
