package io.msgr2.conform.probe;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.Limits;
import io.msgr2.codec.endpoint.Endpoint;
import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.codec.endpoint.Outgoing;
import io.msgr2.codec.endpoint.Received;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One TCP connection of a probe peer ({@link SpecPeer}, {@link SpecServer}, {@link LosslessPeer}):
 * the endpoint with the scenario's hooks, what the other side sent (banner, frames, whether it
 * stopped decoding, how many bytes), and the two directions of the glue: the endpoint's bytes
 * to the socket, and the socket's bytes to the spec's inputs.
 */
final class ProbeWire {
    final Endpoint endpoint;
    final List<Frame> frames = new ArrayList<>();
    Optional<Banner> banner = Optional.empty();
    boolean malformed;
    long bytes;

    ProbeWire(Role role, Hooks hooks) {
        this.endpoint = new Endpoint(role, Limits.DEFAULT, Allocator.HEAP, hooks);
    }

    /** What {@link #read} returns when the socket's timeout passed with nothing to read. */
    static final int QUIET = 0;

    /**
     * One read from a socket with a read timeout: the number of bytes read, {@link #QUIET}
     * when the timeout passed, or -1 when the connection is over (the peer closed it, or it
     * failed).
     */
    static int read(java.io.InputStream is, byte[] buf) {
        try {
            return Math.max(-1, is.read(buf));
        } catch (java.net.SocketTimeoutException e) {
            return QUIET;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Writes what the endpoint has for the wire. */
    void flush(OutputStream os) throws IOException {
        for (Outgoing o; (o = endpoint.sender().next()) instanceof Outgoing.Write w; ) {
            for (Bytes b : w.wire().chunks()) {
                os.write(b.unsafeArray(), b.unsafeOffset(), b.length());
            }
        }
        os.flush();
    }

    /**
     * Feeds bytes from the socket: every banner and frame they complete is recorded and its
     * input handed to {@code step}, which answers whether to go on (false: the probe faults
     * right there, before anything after it). Stops at bytes that do not decode.
     */
    void feed(Bytes in, Predicate<Input> step) {
        bytes += in.length();
        endpoint.receiver().feed(in);
        for (Received r; !(r = endpoint.receiver().next()).stalled(); ) {
            switch (r) {
                case Received.Banner b -> banner = Optional.of(b.received().banner());
                case Received.Frame f -> frames.add(f.received().frame());
                case Received.Malformed x -> malformed = true;
                default -> { }
            }
            if (r.input().isPresent() && !step.test(r.input().get()) || r instanceof Received.Malformed) {
                break;
            }
        }
    }

    Observed observed(boolean closed) {
        return new Observed(banner, List.copyOf(frames), closed, malformed, bytes);
    }
}
