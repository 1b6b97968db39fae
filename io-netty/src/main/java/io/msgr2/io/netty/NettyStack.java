package io.msgr2.io.netty;

import io.msgr2.io.NetworkStack;
import io.msgr2.io.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Netty stack: every TCP connection is a channel whose handler ({@link Msgr2ChannelHandler})
 * holds its transport; the spec is stepped on the channel's event loop, with no thread
 * hand-off between reading, stepping and writing. The epoll transport where the OS has it,
 * NIO otherwise; timers run on the group's event loops.
 */
public final class NettyStack implements NetworkStack {
    private static volatile NettyStack shared;

    private final EventLoopGroup group;
    private final Class<? extends Channel> channelType;
    private final Class<? extends ServerChannel> serverType;

    private NettyStack(EventLoopGroup group, boolean epoll) {
        this.group = group;
        this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        this.serverType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /**
     * The process-wide stack: one event loop per core, daemon threads, epoll where available
     * ({@code -Dmsgr2.netty.io=nio} takes NIO instead). It lives as long as the process.
     */
    public static NettyStack create() {
        NettyStack s = shared;
        if (s == null) {
            synchronized (NettyStack.class) {
                s = shared;
                if (s == null) {
                    shared = s = on(eventLoops("msgr2-netty"));
                }
            }
        }
        return s;
    }

    /**
     * Event loops as {@link #create} makes them (one per core unless {@code -Dmsgr2.netty.threads}
     * says otherwise, daemon threads named after {@code threadName}, epoll where available unless
     * {@code -Dmsgr2.netty.io=nio}): for {@link #on}, or for other Netty channels that should run
     * as ours do. The caller shuts them down.
     */
    public static MultiThreadIoEventLoopGroup eventLoops(String threadName) {
        boolean epoll = Epoll.isAvailable() && !"nio".equals(System.getProperty("msgr2.netty.io"));
        int threads = Integer.getInteger("msgr2.netty.threads", Runtime.getRuntime().availableProcessors());
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadName, true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /**
     * A stack on the caller's event loops (epoll or NIO, as the group was built); the caller
     * shuts the group down.
     */
    public static NettyStack on(EventLoopGroup group) {
        boolean epoll = group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
        if (!epoll && !(group instanceof IoEventLoopGroup io2 && io2.isIoType(NioIoHandler.class))) {
            throw new IllegalArgumentException("an event loop group of epoll or NIO IO handlers is needed: " + group);
        }
        return new NettyStack(group, epoll);
    }

    /** Whether the channels are epoll's (else NIO's). */
    public boolean epoll() {
        return channelType == EpollSocketChannel.class;
    }

    /**
     * A bootstrap for a channel that dials as ours do: this stack's event loops and channel class
     * (epoll's or NIO's), no Nagle, our read sizes and write water mark. The caller adds a handler.
     */
    public Bootstrap bootstrap() {
        Bootstrap b = new Bootstrap().group(group).channel(channelType);
        channelOptions(b::option);
        return b;
    }

    /** {@link #bootstrap}, for listening: accepted channels get the same options. The caller adds a child handler. */
    public ServerBootstrap serverBootstrap() {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(serverType)
                .option(ChannelOption.SO_BACKLOG, 4096).option(ChannelOption.SO_REUSEADDR, true);
        channelOptions(b::childOption);
        return b;
    }

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public void dial(Transport t, InetSocketAddress target, Duration timeout) {
        Bootstrap b = bootstrap();
        b.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())))
                .handler(new Msgr2ChannelHandler(t));
        ChannelFuture f = b.connect(target);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                Throwable why = done.cause();
                t.closed("connect to " + target + " failed: " + (why == null ? "cancelled" : why.getMessage()));
            }
        });
    }

    @Override
    public Listening listen(InetSocketAddress bind, Acceptor acceptor) throws IOException {
        ServerBootstrap b = serverBootstrap().childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new Msgr2ChannelHandler(acceptor));
            }
        });
        ChannelFuture f = b.bind(bind).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IOException("cannot listen on " + bind + ": " + f.cause().getMessage(), f.cause());
        }
        Channel server = f.channel();
        InetSocketAddress local = (InetSocketAddress) server.localAddress();
        return new Listening() {
            @Override
            public InetSocketAddress local() {
                return local;
            }

            @Override
            public void close() {
                server.close().awaitUninterruptibly();
            }
        };
    }

    /** Sets one channel option (a bootstrap's {@code option} or a server bootstrap's {@code childOption}). */
    private interface OptionSetter {
        <T> Object set(ChannelOption<T> option, T value);
    }

    /** Every channel's options, dialled or accepted: no Nagle, and the read and write sizes below. */
    private static void channelOptions(OptionSetter s) {
        s.set(ChannelOption.TCP_NODELAY, true);
        s.set(ChannelOption.RCVBUF_ALLOCATOR, readSizes());
        s.set(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark());
    }

    /**
     * Reads of up to 1 MiB (Netty's default stops at 64 KiB): a stream of large frames takes a
     * sixteenth of the read calls. Netty grows a channel's read size only while reads fill it,
     * so a connection of small messages keeps small reads. Measured with 64 connections of 64 KiB
     * messages, together with {@link #waterMark}: 0.34-0.38x of 64 raw socket pairs before,
     * 0.59-0.71x after.
     */
    private static AdaptiveRecvByteBufAllocator readSizes() {
        return new AdaptiveRecvByteBufAllocator(64, 2048, READ_MAX);
    }

    /**
     * A channel stays writable until 1 MiB waits in Netty's outbound buffer (its default: 64
     * KiB), so that several large frames leave in one flush instead of one frame per
     * writability change; the messenger's own outbox bound sits in front of it.
     */
    private static WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(WRITE_HIGH / 2, WRITE_HIGH);
    }

    private static final int READ_MAX = 1 << 20;
    private static final int WRITE_HIGH = 1 << 20;

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = group.next().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** Registers this stack for {@link NetworkStack#discover}. */
    public static final class Provider implements NetworkStack.Provider {
        /** For the {@link java.util.ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return "netty";
        }

        @Override
        public NetworkStack stack() {
            return create();
        }

        @Override
        public int priority() {
            return 20;
        }
    }
}
