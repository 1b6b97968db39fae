package io.msgr2.codec;

import io.msgr2.codec.frame.ConnectionSecret;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.codec.frame.FrameFormat;
import io.msgr2.spec.Role;
import io.msgr2.spec.wire.Bytes;

/** Encoders and decoders set up for each of the four frame formats, client to server. */
public final class Modes {
    public static final Bytes SECRET = Bytes.fromHex("5a".repeat(64));

    private Modes() {}

    public static FrameEncoder encoder(FrameFormat f) {
        FrameEncoder e = new FrameEncoder(f.rev1());
        if (f.secure()) {
            e.installSecure(ConnectionSecret.tx(SECRET, Role.CLIENT, f.rev1()));
        }
        return e;
    }

    public static FrameDecoder decoder(FrameFormat f, Limits limits, Allocator alloc) {
        FrameDecoder d = FrameDecoder.framesOnly(f.rev1(), limits, alloc);
        if (f.secure()) {
            d.installSecure(ConnectionSecret.rx(SECRET, Role.SERVER, f.rev1()));
        }
        return d;
    }
}
