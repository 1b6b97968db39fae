package io.msgr2.examples;

import io.msgr2.io.netty.NettyStack;
import io.msgr2.spec.wire.ConnectionMode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * {@code msgr2 bench echo-floor [--size 4096] [--seconds 2] [--rounds 3]}: what a ping-pong
 * round trip costs below the protocol, measured in turns in one run: raw java.net sockets (the
 * baseline of {@code bench}'s ping-pong), a bare Netty echo of the same frame-sized writes
 * (epoll where the OS has it, one event loop per core, as the Netty stack), the same echo
 * with the work our path does on every message but the protocol's (each read copied into a
 * new heap array and its CRC32C computed; each write's CRC32C computed over a heap array that
 * is then copied into a pooled direct buffer), and our messenger's ping-pong (cephx, crc,
 * owned buffers, the Netty stack). The p50 of each over raw's: what is left between the
 * second-to-last and the last is the protocol's own share.
 */
@picocli.CommandLine.Command(name = "echo-floor", mixinStandardHelpOptions = true,
        description = "Ping-pong p50 of raw sockets, a bare Netty echo, a Netty echo with our copies and CRCs, "
                + "and our messenger, in turns in one run.")
final class EchoFloorBench implements java.util.concurrent.Callable<Integer> {
    private final Main.Io streams;

    @picocli.CommandLine.Option(names = "--size", paramLabel = "BYTES", defaultValue = "4096",
            description = "message data bytes (default: ${DEFAULT-VALUE}); the echoes move its msgr2.1-crc frame")
    int size;

    @picocli.CommandLine.Option(names = "--seconds", paramLabel = "S", defaultValue = "2",
            description = "seconds per measurement (default: ${DEFAULT-VALUE})")
    double seconds;

    @picocli.CommandLine.Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "rounds, each measuring all four in turn; medians reported (default: ${DEFAULT-VALUE})")
    int rounds;

    EchoFloorBench(Main.Io io) {
        this.streams = io;
    }

    @Override
    public Integer call() throws Exception {
        if (size < 0 || seconds <= 0 || rounds < 1) {
            throw new UsageException("--size takes 0 or more, --seconds more than 0, --rounds 1 or more");
        }
        PrintStream out = streams.out();
        int frame = BenchCommand.frameSize(size);
        MultiThreadIoEventLoopGroup group = NettyStack.eventLoops("echo-floor");
        NettyStack bare = NettyStack.on(group); // for its bootstraps: our channels' classes and options
        out.printf("msgr2 bench echo-floor: ping-pong of %s messages (%d-byte frames) on 127.0.0.1, %.1f s per"
                + " measurement, median of %d rounds; Netty %s, %d event loops; %s, %d cores, JDK %s%n",
                BenchCommand.human(size), frame, seconds, rounds, bare.epoll() ? "epoll" : "NIO",
                group.executorCount(), BenchCommand.cpu(), Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        double[][] p50 = new double[4][rounds];
        try (BenchCommand.Pair ours = BenchCommand.Pair.open(ConnectionMode.CRC, NettyStack.create(),
                io.msgr2.io.ReceiveBuffers.OWNED)) {
            BenchCommand.Baseline none = new BenchCommand.Baseline(Double.NaN, Double.NaN, Double.NaN, -1);
            // unmeasured first: the JIT compiles every path
            BenchCommand.Baseline.measure(frame, -1, seconds / 2, List.of("ping-pong"));
            nettyEcho(bare, frame, false, seconds / 2);
            nettyEcho(bare, frame, true, seconds / 2);
            ours.pingPong(size, seconds / 2, none);
            for (int r = 0; r < rounds; r++) {
                p50[0][r] = BenchCommand.Baseline.measure(frame, -1, seconds, List.of("ping-pong")).pingPongP50us();
                p50[1][r] = nettyEcho(bare, frame, false, seconds);
                p50[2][r] = nettyEcho(bare, frame, true, seconds);
                p50[3][r] = ours.pingPong(size, seconds, none).p50us();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        String[] names = {"raw sockets", "Netty echo", "Netty echo + copies + CRC32C", "msgr2-java (crc, Netty)"};
        double raw = BenchCommand.median(p50[0]);
        out.printf("%n%-30s %10s %10s%n", "", "p50 us", "p50 / raw");
        for (int i = 0; i < names.length; i++) {
            double m = BenchCommand.median(p50[i]);
            out.printf("%-30s %10.1f %10.2f%n", names[i], m, m / raw);
        }
        return 0;
    }

    /** One Netty echo run of {@code frame}-byte messages for {@code seconds}: the p50 round trip in microseconds. */
    private static double nettyEcho(NettyStack bare, int frame, boolean work, double seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long[] rtts = new long[1 << 16];
        int[] n = {0};
        CountDownLatch done = new CountDownLatch(1);
        Channel server = bare.serverBootstrap()
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Echo(frame, work, null));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        try {
            Echo client = new Echo(frame, work, new Echo.Pinger() {
                long sentAt;

                @Override
                public boolean answered() {
                    long now = System.nanoTime();
                    if (n[0] == rtts.length) {
                        done.countDown(); // enough samples for a median
                        return false;
                    }
                    rtts[n[0]++] = now - sentAt;
                    if (now >= deadline) {
                        done.countDown();
                        return false;
                    }
                    sentAt = System.nanoTime();
                    return true;
                }

                @Override
                public void started() {
                    sentAt = System.nanoTime();
                }
            });
            Channel c = bare.bootstrap().handler(client)
                    .connect(server.localAddress()).sync().channel();
            if (!done.await((long) seconds + 10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no echo within 10 s");
            }
            c.close().sync();
        } finally {
            server.close().sync();
        }
        long[] s = Arrays.copyOf(rtts, n[0]);
        return BenchCommand.pct(s, 50);
    }

    /**
     * Both ends of the echo: every {@code frame} bytes received, the server writes a frame back
     * and the client (with a {@link Pinger}) counts a round trip and sends the next.
     */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        interface Pinger {
            void started();

            /** An echo arrived: whether to send the next ping. */
            boolean answered();
        }

        private final int frame;
        private final boolean work;
        private final Pinger pinger;
        private final byte[] outgoing;
        private int got;
        /** Where the CRCs go, so that computing them is not optimised away. */
        private int sink;

        Echo(int frame, boolean work, Pinger pinger) {
            this.frame = frame;
            this.work = work;
            this.pinger = pinger;
            this.outgoing = new byte[frame];
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (pinger != null) {
                pinger.started();
                ctx.writeAndFlush(message(ctx), ctx.voidPromise());
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            int k = in.readableBytes();
            if (work) {
                byte[] copy = new byte[k]; // as an owned read array
                in.readBytes(copy);
                sink += crc(copy);
            }
            in.release();
            got += k;
            while (got >= frame) {
                got -= frame;
                if (pinger == null) {
                    ctx.write(message(ctx), ctx.voidPromise());
                } else if (pinger.answered()) {
                    ctx.write(message(ctx), ctx.voidPromise());
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        private ByteBuf message(ChannelHandlerContext ctx) {
            ByteBuf b = ctx.alloc().directBuffer(frame);
            if (work) {
                sink += crc(outgoing); // as the encoder's CRC of the frame
                b.writeBytes(outgoing);
            } else {
                b.writerIndex(frame);
            }
            return b;
        }

        private static int crc(byte[] b) {
            CRC32C c = new CRC32C();
            c.update(b);
            return (int) c.getValue();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
