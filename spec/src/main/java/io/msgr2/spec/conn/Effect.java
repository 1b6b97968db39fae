package io.msgr2.spec.conn;

import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import java.time.Duration;

/**
 * What a connection asks its driver to do, as imperative commands, in the order they must
 * be done: the order of {@link SendFrame}, {@link InstallSecure} and {@link StopCapture} is
 * the order of bytes on the wire.
 */
public sealed interface Effect {
    /** Open a TCP connection to {@code target}. */
    record Connect(EntityAddr target) implements Effect {}

    /** Send our banner (the first bytes of every TCP connection). */
    record SendBanner(Banner banner) implements Effect {}

    /** Both banners are in: frames in both directions use msgr2.1 ({@code rev1}) or msgr2.0 framing. */
    record StartFraming(boolean rev1) implements Effect {}

    /** Encode and send a frame. */
    record SendFrame(Frame frame) implements Effect {}

    /**
     * Secure mode from the next frame on, both directions: AES-128-GCM keyed from the
     * connection secret (key, then the server-to-client and client-to-server nonces).
     */
    record InstallSecure(Bytes connectionSecret) implements Effect {}

    /**
     * On-wire compression with {@code method} from the next frame on, both directions: the
     * receiver decompresses every frame flagged compressed, the sender compresses frames whose
     * segments add up to {@code minSize} bytes or more.
     */
    record InstallCompression(io.msgr2.spec.wire.CompressionMethod method, int minSize) implements Effect {}

    /** The pre-auth transcript is complete: received frames need not carry their bytes any more. */
    record StopCapture() implements Effect {}

    /** Hand a received message to the application. */
    record Deliver(Message message) implements Effect {}

    /** Tell the application something happened to the connection or its session. */
    record Notify(ConnectionEvent event) implements Effect {}

    /** Start (or restart) a timer. */
    record ArmTimer(TimerKind timer, Duration after) implements Effect {}

    record CancelTimer(TimerKind timer) implements Effect {}

    /** Close the TCP connection (the session may live on). */
    record CloseTransport(CloseReason reason) implements Effect {}

    /**
     * Messenger plumbing, never seen by a driver: an accepting connection got CLIENT_IDENT or
     * SESSION_RECONNECT ({@code frame}) and needs the registry's decision about an existing
     * connection to the same peer ({@link Messenger} makes it). {@code more}: the driver held
     * further input after the frame (then READY's first write waits for the last of it).
     */
    record LookupSession(io.msgr2.spec.frame.Frame frame, boolean more) implements Effect {
        public LookupSession(io.msgr2.spec.frame.Frame frame) {
            this(frame, false);
        }
    }
}
