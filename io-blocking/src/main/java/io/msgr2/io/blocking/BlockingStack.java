package io.msgr2.io.blocking;

import io.msgr2.io.NetworkStack;
import io.msgr2.io.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The java.net stack: blocking sockets, a reader and a writer thread per TCP connection
 * (virtual threads unless an executor is given), one timer thread per process that only
 * hands each expiry to the executor.
 */
public final class BlockingStack implements NetworkStack {
    private static final BlockingStack DEFAULT = new BlockingStack("platform".equals(System.getProperty(
            "msgr2.blocking.threads")) ? Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "msgr2-io");
                t.setDaemon(true);
                return t;
            }) : Executors.newVirtualThreadPerTaskExecutor());

    /**
     * One timer thread for the whole process: it only hands each expiry to the stack's
     * executor, so it is never busy, and a process with thousands of messengers (a test
     * harness, a gateway) does not hold a thread per messenger.
     */
    private static final ScheduledExecutorService TIMERS = timers();

    /** Cancelled timers leave the queue at once (a server cancels one per handshake; kept, they pile up). */
    private static ScheduledExecutorService timers() {
        java.util.concurrent.ScheduledThreadPoolExecutor e = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "msgr2-timers");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    private final ExecutorService executor;

    private BlockingStack(ExecutorService executor) {
        this.executor = executor;
    }

    /** The process-wide stack on virtual threads ({@code -Dmsgr2.blocking.threads=platform}: platform threads). */
    public static BlockingStack create() {
        return DEFAULT;
    }

    /** A stack whose connection threads run on {@code executor} (the caller shuts it down). */
    public static BlockingStack on(ExecutorService executor) {
        return new BlockingStack(executor);
    }

    @Override
    public String name() {
        return "blocking";
    }

    @Override
    public void dial(Transport t, InetSocketAddress target, Duration timeout) {
        executor.execute(() -> {
            Socket s = new Socket();
            BlockingSocket bs;
            try {
                s.connect(target, (int) Math.max(1, timeout.toMillis()));
                bs = new BlockingSocket(s, t);
            } catch (IOException | IllegalArgumentException e) {
                closeQuietly(s);
                t.closed("connect to " + target + " failed: " + e.getMessage());
                return;
            }
            bs.run(executor, true);
        });
    }

    @Override
    public Listening listen(InetSocketAddress bind, Acceptor acceptor) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(bind, 4096);
        executor.execute(() -> {
            while (!ss.isClosed()) {
                Socket s;
                try {
                    s = ss.accept();
                } catch (IOException e) {
                    return; // closed
                }
                executor.execute(() -> {
                    Transport t = acceptor.accepted((InetSocketAddress) s.getRemoteSocketAddress());
                    BlockingSocket bs;
                    try {
                        bs = new BlockingSocket(s, t);
                    } catch (IOException e) {
                        closeQuietly(s);
                        t.closed("accept failed: " + e.getMessage());
                        return;
                    }
                    bs.run(executor, false);
                });
            }
        });
        InetSocketAddress local = (InetSocketAddress) ss.getLocalSocketAddress();
        return new Listening() {
            @Override
            public InetSocketAddress local() {
                return local;
            }

            @Override
            public void close() {
                closeQuietly(ss);
            }
        };
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = TIMERS.schedule(() -> executor.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing to do
        }
    }

    /** Registers this stack for {@link NetworkStack#discover}. */
    public static final class Provider implements NetworkStack.Provider {
        /** For the {@link java.util.ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return "blocking";
        }

        @Override
        public NetworkStack stack() {
            return create();
        }

        @Override
        public int priority() {
            return 10;
        }
    }
}
