package io.msgr2.codec;

import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.spec.conn.WireImage;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;

/** The codec's encoder as the spec's {@link WireImage}: the exact bytes our pre-auth frames take. */
public enum CodecWireImage implements WireImage {
    INSTANCE;

    @Override
    public Bytes banner(Banner banner) {
        return BannerCodec.encode(banner);
    }

    @Override
    public Bytes plainFrame(Frame frame, boolean rev1) {
        return switch (new FrameEncoder(rev1).encode(frame)) {
            case EncodeResult.Encoded e -> e.wire().toBytes();
            case EncodeResult.Refused r -> throw new AssertionError("crc framing never refuses: " + r);
        };
    }
}
