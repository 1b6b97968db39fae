package io.msgr2.conform.probe;

import io.msgr2.codec.BannerCodec;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A scripted client on a plain socket: it writes exactly the bytes a scenario gives (our
 * codec's frames, or deliberately broken ones) and collects what the peer answers until the
 * peer closes or goes quiet for the timeout.
 */
final class RawPeer {
    private RawPeer() {}

    static Bytes banner(Banner b) {
        return BannerCodec.encode(b);
    }

    static Bytes frame(Frame f, boolean rev1) {
        return switch (new FrameEncoder(rev1).encode(f)) {
            case EncodeResult.Encoded e -> e.wire().toBytes();
            case EncodeResult.Refused r -> throw new IllegalArgumentException("our encoder refused " + f.tag());
        };
    }

    /** Writes {@code out} (in one write, or one byte per write), then reads until close or quiet. */
    static Observed exchange(InetSocketAddress target, Duration timeout, Bytes out, boolean byteByByte,
                             boolean ourRev1) throws IOException {
        return exchange(target, timeout, out, byteByByte, ourRev1, f -> false);
    }

    /** The same, stopping early once a frame satisfies {@code enough}. */
    static Observed exchange(InetSocketAddress target, Duration timeout, Bytes out, boolean byteByByte,
                             boolean ourRev1, java.util.function.Predicate<io.msgr2.spec.frame.Frame> enough)
            throws IOException {
        try (Socket s = new Socket()) {
            s.connect(target, (int) timeout.toMillis());
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) timeout.toMillis());
            OutputStream os = s.getOutputStream();
            byte[] b = out.toByteArray();
            try {
                if (byteByByte) {
                    for (byte x : b) {
                        os.write(x);
                        os.flush();
                        sleepQuietly(); // so that the server's reads see small pieces, whatever its speed
                    }
                } else {
                    os.write(b);
                    os.flush();
                }
            } catch (IOException e) {
                // the peer closed while we wrote: what it sent before still counts
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            boolean closed = false;
            InputStream is = s.getInputStream();
            byte[] buf = new byte[65536];
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    int n = is.read(buf);
                    if (n < 0) {
                        closed = true;
                        break;
                    }
                    got.write(buf, 0, n);
                    if (Observed.decode(Bytes.wrap(got.toByteArray()), false, ourRev1).frames().stream().anyMatch(enough)) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // quiet for the whole timeout: still open
            } catch (IOException e) {
                closed = true; // reset
            }
            return Observed.decode(Bytes.wrap(got.toByteArray()), closed, ourRev1);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
