package io.msgr2.bench;

import io.msgr2.codec.endpoint.Outgoing;
import io.msgr2.io.NetworkStack;
import io.msgr2.io.Transport;
import io.msgr2.spec.wire.Bytes;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A network stack without sockets or threads, for measuring what a messenger itself costs:
 * every dialled connection is joined in memory to the one listener, and the caller moves the
 * bytes ({@link #run}) on its own thread. Each side's written bytes are copied once into an
 * array (as a socket write copies them) and fed to the other side as the Netty stack feeds a
 * read ({@link Transport#receiveHeld}, then the read arrays' {@code idleAhead}), one read per
 * write. Timers never fire.
 */
final class LoopbackStack implements NetworkStack {
    private final ArrayDeque<Runnable> work = new ArrayDeque<>();
    private Acceptor acceptor;

    @Override
    public String name() {
        return "loopback";
    }

    @Override
    public void dial(Transport t, InetSocketAddress target, Duration timeout) {
        work.add(() -> {
            Transport accepted = acceptor.accepted(new InetSocketAddress("127.0.0.1", 50000));
            Side client = new Side(t);
            Side server = new Side(accepted);
            client.peer = server;
            server.peer = client;
            accepted.attach(server);
            t.attach(client);
            t.connected();
        });
    }

    @Override
    public Listening listen(InetSocketAddress bind, Acceptor a) {
        this.acceptor = a;
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", bind.getPort() == 0 ? 3300 : bind.getPort());
        return new Listening() {
            @Override
            public InetSocketAddress local() {
                return local;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        return () -> { };
    }

    /** Moves bytes until neither side has anything more to write or read. */
    void run() {
        for (Runnable r; (r = work.poll()) != null; ) {
            r.run();
        }
    }

    /** One end of a joined connection. */
    private final class Side implements ConnectedSocket {
        final Transport transport;
        Side peer;
        boolean flushQueued;

        Side(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void flush() {
            if (!flushQueued) {
                flushQueued = true;
                work.add(this::write);
            }
        }

        @Override
        public void closeAfterFlush() {
            flush();
        }

        private void write() {
            flushQueued = false;
            while (transport.next() instanceof Outgoing.Write w) {
                byte[] wire = new byte[(int) w.wire().length()];
                int at = 0;
                for (Bytes b : w.wire().chunks()) {
                    System.arraycopy(b.unsafeArray(), b.unsafeOffset(), wire, at, b.length());
                    at += b.length();
                }
                Side to = peer;
                work.add(() -> to.read(wire));
            }
        }

        private void read(byte[] wire) {
            int[] at = {0};
            transport.receiveHeld(wire.length, (array, offset, length) -> {
                System.arraycopy(wire, at[0], array, offset, length);
                at[0] += length;
            });
            if (transport.pendingInput() == 0) {
                transport.readBuffers().idleAhead();
            }
        }
    }
}
