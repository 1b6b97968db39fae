package io.msgr2.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.ServiceLoader;

/**
 * What carries a messenger's TCP connections: sockets, the threads or event loops that move
 * their bytes, and timers (Ceph's name for it: the network stack under AsyncMessenger, posix
 * or rdma or dpdk). A stack makes no protocol decision: it moves bytes between its sockets and
 * each connection's {@link Transport} (which steps the spec), and runs the messenger's timers.
 *
 * <p>Implementations: {@code io.msgr2.io.blocking.BlockingStack} (java.net, a reader and a
 * writer thread per connection) and {@code io.msgr2.io.netty.NettyStack} (Netty event loops).
 * A stack may serve many messengers; a messenger does not close its stack.
 */
public interface NetworkStack {
    /** A short name: {@code blocking}, {@code netty}. */
    String name();

    /**
     * Opens a TCP connection to {@code target} for {@code t}, within {@code timeout}; on
     * success attaches its socket ({@link Transport#attach}) and reports {@link Transport#connected},
     * on failure {@link Transport#closed}; then reads until the connection ends.
     */
    void dial(Transport t, InetSocketAddress target, Duration timeout);

    /**
     * Listens on {@code bind}; every accepted TCP connection is announced to {@code acceptor},
     * whose transport then gets the socket ({@link Transport#attach}) and its bytes.
     */
    Listening listen(InetSocketAddress bind, Acceptor acceptor) throws IOException;

    /** Runs {@code task} once after {@code delay}, on a thread of the stack's choosing. */
    Timer schedule(Duration delay, Runnable task);

    /** The stack's half of one TCP connection: what the messenger asks of it. Any thread may call. */
    interface ConnectedSocket {
        /** The transport has bytes to send ({@link Transport#next}): write them, in order, now or soon. */
        void flush();

        /** Write what the transport still has, then close the TCP connection. */
        void closeAfterFlush();
    }

    /** Hears of accepted TCP connections. */
    @FunctionalInterface
    interface Acceptor {
        /** A TCP connection from {@code peer} was accepted: the transport that will carry it. */
        Transport accepted(InetSocketAddress peer);
    }

    /** A listening socket. */
    interface Listening extends AutoCloseable {
        InetSocketAddress local();

        @Override
        void close();
    }

    /** A scheduled task. */
    @FunctionalInterface
    interface Timer {
        void cancel();
    }

    /** How a stack on the classpath offers itself when the options name none ({@link #discover}). */
    interface Provider {
        /** The stack's {@link NetworkStack#name}. */
        String name();

        NetworkStack stack();

        /** Higher wins when several stacks are on the classpath. */
        int priority();
    }

    /**
     * The default stack: the one named by the system property {@code msgr2.transport} or the
     * environment variable {@code MSGR2_TRANSPORT} ({@code blocking}, {@code netty}) when one
     * is set, otherwise, of the stacks on the classpath (registered as {@link Provider}
     * services), the one with the highest priority (Netty's, when both are).
     */
    static NetworkStack discover() {
        String wanted = System.getProperty("msgr2.transport", System.getenv("MSGR2_TRANSPORT"));
        var providers = ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get).toList();
        if (wanted != null && !wanted.isBlank()) {
            return providers.stream().filter(p -> p.name().equals(wanted)).findFirst().map(Provider::stack)
                    .orElseThrow(() -> new IllegalStateException("msgr2.transport=" + wanted + ", but no such stack is on"
                            + " the classpath (have " + providers.stream().map(Provider::name).toList() + ")"));
        }
        return providers.stream().max(Comparator.comparingInt(Provider::priority)).map(Provider::stack)
                .orElseThrow(() -> new IllegalStateException("no msgr2 network stack on the classpath: add "
                        + "msgr2-io-blocking or msgr2-io-netty, or give MessengerOptions.stack"));
    }
}
