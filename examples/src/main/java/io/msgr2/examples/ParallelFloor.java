package io.msgr2.examples;

import io.msgr2.io.netty.NettyStack;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What {@code bench parallel} measures ours against below the protocol: {@code n} Netty
 * connections at once (epoll where the OS has it, one event loop per core, reads of up to
 * 1 MiB and a 1 MiB write high-water mark, as the Netty stack), each with a sender thread
 * writing {@code frame}-byte messages one way as fast as the channel's writability allows.
 * {@link Work#NONE} moves the bytes and nothing else; {@link Work#CRC} adds what crc mode
 * does to every message besides the protocol (its CRC32C computed on the event loop before
 * the write, and at the receiver each frame copied into an array and its CRC32C computed);
 * {@link Work#GCM} what secure mode does instead (sealed with AES-128-GCM on the event loop,
 * one nonce per frame; at the receiver the ciphertext gathered in a reused array and opened
 * into an array). With owned receive buffers those arrays are new for every frame, as ours
 * are; with loaned ones, reused. {@link Work#CRC_IN_PLACE} computes crc's CRC32Cs but reads the
 * received frames where Netty put them, copying nothing out: what crc costs without the copy
 * into heap arrays that the {@code Bytes} API needs.
 */
final class ParallelFloor {
    enum Work { NONE, CRC, GCM, CRC_IN_PLACE }

    static final int TAG = 16;
    private static final SecretKeySpec KEY = new SecretKeySpec(new byte[16], "AES");

    private ParallelFloor() {
    }

    /** A warm-up of a third of {@code seconds}, then {@code seconds} measured: messages per second, delivered. */
    static double oneWay(int n, int frame, Work work, boolean owned, double seconds) throws InterruptedException {
        EventLoopGroup group = NettyStack.eventLoops("parallel-floor");
        NettyStack bare = NettyStack.on(group); // for its bootstraps: our channels' classes and options
        AtomicLong received = new AtomicLong();
        List<Channel> channels = new ArrayList<>();
        List<Semaphore> writable = new ArrayList<>();
        try {
            Channel server = bare.serverBootstrap()
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new Receiver(frame, work, owned, received));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            channels.add(server);
            for (int i = 0; i < n; i++) {
                Semaphore w = new Semaphore(0);
                writable.add(w);
                channels.add(bare.bootstrap()
                        .handler(new Sender(frame, work, w))
                        .connect(server.localAddress()).sync().channel());
            }
            List<Channel> clients = channels.subList(1, channels.size());
            run(clients, writable, frame, received, seconds / 3);
            return run(clients, writable, frame, received, seconds);
        } finally {
            for (Channel c : channels) {
                c.close().awaitUninterruptibly();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    private static double run(List<Channel> clients, List<Semaphore> writable, int frame, AtomicLong received,
            double seconds) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long before = received.get();
        AtomicLong sent = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            Channel c = clients.get(i);
            Semaphore w = writable.get(i);
            senders.add(Thread.ofPlatform().name("floor-sender-" + i).daemon().start(() -> {
                byte[] message = new byte[frame];
                try {
                    while (System.nanoTime() < end) {
                        if (!c.isWritable()) {
                            w.drainPermits();
                            if (!c.isWritable()) {
                                w.tryAcquire(10, TimeUnit.MILLISECONDS); // woken at the low-water mark
                            }
                            continue;
                        }
                        c.writeAndFlush(Unpooled.wrappedBuffer(message), c.voidPromise());
                        sent.addAndGet(frame);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : senders) {
            t.join();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.get() - before < sent.get() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return (received.get() - before) / (double) frame / ((System.nanoTime() - start) / 1e9);
    }

    /** {@code c} made ready for one frame with nonce {@code nonce}, as a connection's cipher is for each frame. */
    static Cipher init(Cipher c, int mode, long nonce) {
        try {
            byte[] iv = new byte[12];
            for (int i = 0; i < 8; i++) {
                iv[i] = (byte) (nonce >>> (8 * i));
            }
            c.init(mode, KEY, new GCMParameterSpec(TAG * 8, iv));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sending end: the message's work on the event loop, then the write (Netty copies heap into direct buffers). */
    private static final class Sender extends ChannelDuplexHandler {
        private final Work work;
        private final Semaphore writable;
        private final byte[] sealed;
        private final Cipher cipher = newCipher();
        private long nonce;
        /** Where the CRCs go, so that computing them is not optimised away. */
        int sink;

        Sender(int frame, Work work, Semaphore writable) {
            this.work = work;
            this.writable = writable;
            this.sealed = new byte[frame];
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            ByteBuf b = (ByteBuf) msg;
            switch (work) {
                case NONE -> ctx.write(b, promise);
                case CRC, CRC_IN_PLACE -> {
                    CRC32C crc = new CRC32C();
                    crc.update(b.array(), b.arrayOffset() + b.readerIndex(), b.readableBytes());
                    sink += (int) crc.getValue();
                    ctx.write(b, promise);
                }
                case GCM -> {
                    Cipher c = init(cipher, Cipher.ENCRYPT_MODE, nonce++);
                    int n = c.doFinal(b.array(), b.arrayOffset() + b.readerIndex(), b.readableBytes() - TAG, sealed, 0);
                    b.release();
                    ctx.write(Unpooled.wrappedBuffer(sealed, 0, n), promise); // copied to a direct buffer here
                }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                writable.release();
            }
            ctx.fireChannelWritabilityChanged();
        }
    }

    /** The receiving end: counts bytes; with work, each frame is gathered and checked as ours are. */
    private static final class Receiver extends ChannelInboundHandlerAdapter {
        private final int frame;
        private final Work work;
        private final AtomicLong received;
        private final boolean newArrays;
        private final byte[] gathered;
        private byte[] owned;
        private byte[] plain;
        private int got;
        private final Cipher cipher = newCipher();
        private long nonce;
        private final CRC32C inPlace = new CRC32C();
        int sink;

        Receiver(int frame, Work work, boolean newArrays, AtomicLong received) {
            this.frame = frame;
            this.work = work;
            this.newArrays = newArrays;
            this.received = received;
            this.gathered = work == Work.GCM ? new byte[frame] : null;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            ByteBuf in = (ByteBuf) msg;
            try {
                received.addAndGet(in.readableBytes());
                if (work == Work.NONE) {
                    return;
                }
                if (work == Work.CRC_IN_PLACE) {
                    while (in.isReadable()) {
                        int k = Math.min(in.readableBytes(), frame - got);
                        inPlace.update(in.nioBuffer(in.readerIndex(), k));
                        in.skipBytes(k);
                        got += k;
                        if (got == frame) {
                            got = 0;
                            sink += (int) inPlace.getValue();
                            inPlace.reset();
                        }
                    }
                    return;
                }
                while (in.isReadable()) {
                    byte[] into = work == Work.GCM ? gathered : owned == null ? (owned = new byte[frame]) : owned;
                    int k = Math.min(in.readableBytes(), frame - got);
                    in.readBytes(into, got, k);
                    got += k;
                    if (got == frame) {
                        got = 0;
                        if (work == Work.CRC) {
                            CRC32C crc = new CRC32C();
                            crc.update(owned);
                            sink += (int) crc.getValue();
                            if (newArrays) {
                                owned = null;
                            }
                        } else {
                            if (newArrays || plain == null) {
                                plain = new byte[frame - TAG];
                            }
                            init(cipher, Cipher.DECRYPT_MODE, nonce++).doFinal(gathered, 0, frame, plain, 0);
                            sink += plain[0];
                        }
                    }
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
