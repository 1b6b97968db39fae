package io.msgr2.conform.probe;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.Limits;
import io.msgr2.codec.endpoint.Received;
import io.msgr2.codec.endpoint.Receiver;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.Msgr2Features;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the peer sent and how the TCP connection ended, decoded as a client decodes a server:
 * its banner, its frames (framed as both banners say), and whether it closed or went quiet.
 */
public record Observed(Optional<Banner> banner, List<Frame> frames, boolean closed, boolean malformed,
                       long bytes) {

    static Observed decode(Bytes received, boolean closed, boolean ourRev1) {
        Receiver r = Receiver.of(Role.CLIENT, Limits.DEFAULT, Allocator.HEAP);
        r.control(new Effect.StopCapture());
        r.feed(received);
        Optional<Banner> banner = Optional.empty();
        List<Frame> frames = new ArrayList<>();
        boolean malformed = false;
        loop:
        while (true) {
            switch (r.next()) {
                case Received.Banner b -> {
                    banner = Optional.of(b.received().banner());
                    r.control(new Effect.StartFraming(ourRev1 && b.received().banner().has(Msgr2Features.REVISION_1)));
                }
                case Received.Frame f -> frames.add(f.received().frame());
                case Received.Malformed m -> {
                    malformed = true;
                    break loop;
                }
                default -> {
                    break loop;
                }
            }
        }
        return new Observed(banner, frames, closed, malformed, received.length());
    }

    /** The tags it sent, e.g. {@code [HELLO, AUTH_DONE]}, and how it ended. */
    public String describe() {
        return (banner.isPresent() ? "banner" : "no banner") + ", frames " + frames.stream().map(Frame::tag).toList()
                + (malformed ? ", then bytes that do not decode" : "") + ", " + (closed ? "then it closed the connection"
                : "the connection still open");
    }
}
