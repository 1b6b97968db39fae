package io.msgr2.io.netty;

import io.msgr2.codec.endpoint.Outgoing;
import io.msgr2.codec.endpoint.Received;
import io.msgr2.io.NetworkStack;
import io.msgr2.io.ReadBuffers;
import io.msgr2.io.Transport;
import io.msgr2.spec.wire.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;

/**
 * One TCP connection on a Netty channel: the transport's receiver is fed on the channel's
 * event loop (every frame steps the spec right there), and what the transport's sender
 * encodes is written to the channel on that same loop, gathered per read batch and flushed
 * once. Nothing is handed to another thread, except when the spec was stepped elsewhere (an
 * application's send, a timer): then the loop is asked to write.
 *
 * <p>Buffers: Netty's read buffers (pooled, direct) are copied once into the transport's read
 * arrays ({@link ReadBuffers}: never reused when owned, so decoded segments stay valid for as
 * long as the application keeps the message; reused once handled when loaned) and released at
 * once. An idle connection holds at most one owned read array, of at most 8 KiB, allocated
 * after its last writes for its next small message ({@link ReadBuffers#idleAhead}). Outgoing
 * frames are copied once into pooled direct buffers (a lone frame into one of its own size,
 * small ones queued together into one, large ones in pieces of 1 MiB), which the channel owns
 * and releases once written: the copy a socket write of a heap array needs anyway. Writing
 * pauses while the channel is not writable (Netty's high water mark) and resumes when it is.
 */
final class Msgr2ChannelHandler extends ChannelInboundHandlerAdapter implements NetworkStack.ConnectedSocket {
    private final NetworkStack.Acceptor acceptor;
    private Transport transport;
    private Channel channel;
    /** The transport's receive stalled for good (bad input, a refused banner): further bytes are dropped. */
    private boolean inputOver;
    /** Inside channelRead: writes wait for channelReadComplete, to leave in one flush. */
    private boolean reading;
    private boolean writeDue;
    private boolean draining;
    private volatile boolean closeAfterFlush;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final Runnable drainTask = () -> {
        drainScheduled.set(false);
        drain();
    };

    /** A dialled connection, for {@code t}. */
    Msgr2ChannelHandler(Transport t) {
        this.acceptor = null;
        this.transport = t;
    }

    /** An accepted connection: its transport comes from the acceptor. */
    Msgr2ChannelHandler(NetworkStack.Acceptor acceptor) {
        this.acceptor = acceptor;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (acceptor != null) {
            transport = acceptor.accepted((InetSocketAddress) channel.remoteAddress());
            transport.attach(this);
        } else {
            transport.attach(this);
            transport.connected();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (inputOver || closed) {
                return;
            }
            reading = true;
            if (!(transport.receiveHeld(in.readableBytes(), in::readBytes) instanceof Received.NeedMore)) {
                inputOver = true; // bad bytes or a refused banner: the spec is closing the connection
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (writeDue) {
            drain();
        }
        if (transport.pendingInput() == 0) {
            transport.readBuffers().idleAhead(); // after the writes: the next small read's array is ready
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable()) {
            drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        transport.closed("closed by the peer");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // channelInactive reports it
    }

    @Override
    public void flush() {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        if (ch.eventLoop().inEventLoop()) {
            if (reading) {
                writeDue = true;
            } else {
                drain();
            }
        } else if (drainScheduled.compareAndSet(false, true)) {
            ch.eventLoop().execute(drainTask); // one task however many sends arrive before it runs
        }
    }

    @Override
    public void closeAfterFlush() {
        closeAfterFlush = true;
        flush();
    }

    /**
     * Writes what the transport encodes while the channel takes it, then flushes (on the event
     * loop). A flush asked for while it runs (Netty reports writability from inside our own
     * flush; a refused frame steps the spec) makes it go round again, never deeper.
     */
    private void drain() {
        if (draining) {
            writeDue = true;
            return;
        }
        draining = true;
        try {
            do {
                writeDue = false;
                if (closed) {
                    return;
                }
                boolean wrote = false;
                ByteBuf batch = null;
                while (channel.isWritable() || closeAfterFlush) {
                    if (!(transport.next() instanceof Outgoing.Write w)) {
                        break;
                    }
                    long left = w.wire().length();
                    if (batch != null && batch.writableBytes() < left) {
                        channel.write(batch, channel.voidPromise());
                        batch = null;
                    }
                    for (Bytes b : w.wire().chunks()) {
                        int at = b.unsafeOffset();
                        int end = at + b.length();
                        while (at < end) {
                            if (batch == null || !batch.isWritable()) {
                                if (batch != null) {
                                    channel.write(batch, channel.voidPromise());
                                }
                                // a lone frame gets a buffer of its own size; one with more behind it, room for them
                                long want = transport.pending() ? Math.max(left, BATCH) : left;
                                batch = channel.alloc().directBuffer((int) Math.min(PIECE, want));
                            }
                            int k = Math.min(end - at, batch.writableBytes());
                            batch.writeBytes(b.unsafeArray(), at, k);
                            at += k;
                            left -= k;
                        }
                    }
                    wrote = true;
                }
                if (batch != null) {
                    channel.write(batch, channel.voidPromise());
                }
                if (closeAfterFlush && !transport.pending()) {
                    closed = true;
                    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                } else if (wrote) {
                    channel.flush();
                }
            } while (writeDue && !reading);
        } finally {
            draining = false;
        }
    }

    /** Frames smaller than this leave together in one buffer of this size (fewer writes for small messages). */
    private static final int BATCH = 64 * 1024;
    /**
     * A larger frame is copied into buffers of at most this size: the largest Netty's adaptive
     * allocator pools (a larger one would be allocated, zeroed and freed for every frame).
     */
    private static final int PIECE = 1024 * 1024;
}
