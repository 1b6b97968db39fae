package io.msgr2.codec.endpoint;

import io.msgr2.codec.BannerCodec;
import io.msgr2.codec.frame.ConnectionSecret;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.codec.frame.Wire;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.frame.Frame;
import java.util.List;
import java.util.Optional;
import java.util.Queue;

/**
 * The sending half of an {@link Endpoint}: the spec's wire effects in, bytes out, in the
 * spec's order. Frames are encoded when the transport asks for them ({@link #next}), not when
 * they are queued: secure mode's nonces advance in the order frames reach the wire, and the
 * switches queued between frames (framing, secure mode, compression) apply exactly there.
 */
public final class Sender {
    private final Role role;
    private final Hooks hooks;
    private final io.msgr2.codec.Allocator alloc;
    /** Effects queued and not yet encoded (queued by the stepping thread, taken by the writing one). */
    private final Queue<Effect> queue;
    private FrameEncoder encoder;
    private boolean rev1;

    Sender(Role role, Hooks hooks, io.msgr2.codec.Allocator alloc, Queue<Effect> queue) {
        this.role = role;
        this.hooks = hooks;
        this.alloc = alloc;
        this.queue = queue;
    }

    void queue(Effect e) {
        queue.add(e);
    }

    /** Whether anything is queued. */
    public boolean pending() {
        return !queue.isEmpty();
    }

    /** Encodes the next queued banner or frame (applying the switches before it): bytes to write, a refusal, or idle. */
    public Outgoing next() {
        while (true) {
            Effect e = queue.poll();
            switch (e) {
                case null -> {
                    return new Outgoing.Idle();
                }
                case Effect.SendBanner b -> {
                    return new Outgoing.Write(hooks.bannerWire(b.banner(), Wire.of(List.of(BannerCodec.encode(b.banner())))),
                            Optional.empty());
                }
                case Effect.StartFraming f -> {
                    rev1 = f.rev1();
                    encoder = new FrameEncoder(rev1, alloc);
                }
                case Effect.InstallSecure s -> encoder.installSecure(ConnectionSecret.tx(s.connectionSecret(), role, rev1));
                case Effect.InstallCompression c -> encoder.installCompression(hooks.compressor(c.method()), c.minSize());
                case Effect.SendFrame s -> {
                    Frame f = hooks.frame(s.frame());
                    return switch (encoder.encode(f)) {
                        case EncodeResult.Encoded enc -> new Outgoing.Write(hooks.frameWire(f, enc.wire()), Optional.of(f));
                        case EncodeResult.Refused r -> new Outgoing.Refused(new Input.OutputRefused(r.detail()), f);
                    };
                }
                default -> throw new AssertionError("not a sending effect: " + e);
            }
        }
    }
}
