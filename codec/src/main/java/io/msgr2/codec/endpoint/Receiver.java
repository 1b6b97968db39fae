package io.msgr2.codec.endpoint;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.Limits;
import io.msgr2.codec.frame.ConnectionSecret;
import io.msgr2.codec.frame.Decoded;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.codec.frame.FrameFormat;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;

/**
 * The receiving half of an {@link Endpoint}: bytes in, the spec's inputs out. The switches
 * the spec emitted (framing revision, secure mode, compression, the end of the pre-auth
 * capture) are applied before the next frame is decoded, so each takes effect exactly from
 * the frame after the one whose step emitted it, even when that frame's bytes have already
 * arrived. It starts capturing the exact bytes of the banner and frames (the pre-auth
 * transcript AUTH_SIGNATURE signs) until the spec says {@code StopCapture}.
 */
public final class Receiver {
    private final Role role;
    private final FrameDecoder decoder;
    /** Switches submitted and not yet applied (submitted by the stepping thread, applied by the reading one). */
    private final Queue<Effect> controls;
    private boolean rev1;
    private boolean failureReported;

    Receiver(Role role, Limits limits, Buffers buffers, Queue<Effect> controls) {
        this.role = role;
        this.controls = controls;
        this.decoder = new FrameDecoder(limits, buffers.receive());
        decoder.captureWire(true);
        decoder.loaned(buffers.loanedReceive());
    }

    /** A receiver of one direction of a conversation, driven by a tool rather than a spec (a dissector). */
    public static Receiver of(Role receiving, Limits limits, Allocator alloc) {
        return new Receiver(receiving, limits, Buffers.owned(alloc), new ArrayDeque<>());
    }

    /** Hands over received bytes; they must not change afterwards (decoded segments may be views of them). */
    public void feed(Bytes chunk) {
        decoder.feed(chunk);
    }

    /** Bytes received and not yet decoded. */
    public long buffered() {
        return decoder.buffered();
    }

    /**
     * The bytes received and not yet decoded ({@link #buffered} of them), copied to {@code same}:
     * they are read from there from now on (a transport moving a frame in progress into a
     * buffer that holds the whole frame).
     */
    public void rebase(Bytes same) {
        decoder.rebase(same);
    }

    /** The format the next frame is expected in (crc or secure, msgr2.1 or msgr2.0). */
    public FrameFormat format() {
        applyControls();
        return decoder.format();
    }

    /** The method compressed frames are decompressed with, once one is installed. */
    public Optional<CompressionMethod> compression() {
        applyControls();
        return decoder.compression();
    }

    /**
     * A switch for the receiving direction: {@code StartFraming}, {@code InstallSecure},
     * {@code InstallCompression} or {@code StopCapture}; applied before the next frame is
     * decoded. An endpoint's {@link Endpoint#submit} calls it; a dissector, which decides the
     * switches itself from what it reads, calls it directly.
     */
    public void control(Effect e) {
        if (!(e instanceof Effect.StartFraming || e instanceof Effect.InstallSecure
                || e instanceof Effect.InstallCompression || e instanceof Effect.StopCapture)) {
            throw new IllegalArgumentException("not a switch of the receiving direction: " + e);
        }
        controls.add(e);
    }

    /** Decodes what it can: the next input for the spec, a frame the sender aborted, or why nothing decodes now. */
    public Received next() {
        applyControls();
        Decoded d = decoder.next();
        return switch (d) {
            case Decoded.BannerDecoded b -> new Received.Banner(new Input.BannerReceived(b.banner(), b.wire()));
            case Decoded.FrameDecoded f -> new Received.Frame(new Input.FrameReceived(f.frame(), f.wire()), f.info());
            case Decoded.FrameAborted a -> new Received.Aborted(a.info());
            case Decoded.NeedMore n -> new Received.NeedMore(n.bytes());
            case Decoded.AwaitingFraming w -> new Received.AwaitingFraming();
            case Decoded.Failed e -> {
                if (failureReported) {
                    yield new Received.Over();
                }
                failureReported = true;
                yield new Received.Malformed(new Input.InputMalformed(e.error().kind(), e.error().toString()),
                        e.error());
            }
        };
    }

    private void applyControls() {
        for (Effect e; (e = controls.poll()) != null; ) {
            switch (e) {
                case Effect.StartFraming f -> {
                    rev1 = f.rev1();
                    decoder.decideFraming(f.rev1());
                }
                case Effect.InstallSecure s -> decoder.installSecure(ConnectionSecret.rx(s.connectionSecret(), role, rev1));
                case Effect.InstallCompression c -> decoder.installCompression(c.method());
                case Effect.StopCapture s -> decoder.captureWire(false);
                default -> throw new AssertionError(e);
            }
        }
    }
}
