package io.msgr2.compress;

import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.msgr2.codec.Allocator;
import io.msgr2.codec.compress.OnWireCompressor;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.vavr.control.Either;

/** snappy (id 1): one raw snappy block (varint uncompressed length, then elements), no framing format. */
public final class SnappyOnWire implements OnWireCompressor {
    @Override
    public CompressionMethod method() {
        return CompressionMethod.SNAPPY;
    }

    @Override
    public Bytes compress(Bytes in) {
        SnappyCompressor c = new SnappyCompressor();
        byte[] out = new byte[c.maxCompressedLength(in.length())];
        int n = c.compress(in.unsafeArray(), in.unsafeOffset(), in.length(), out, 0, out.length);
        return Bytes.wrap(out, 0, n);
    }

    @Override
    public Either<String, Bytes> decompress(Bytes in, int maxOut, Allocator alloc) {
        long len = 0;
        int shift = 0;
        int at = 0;
        while (true) {
            if (at >= in.length() || at >= 5) {
                return Either.left("snappy: bad length varint");
            }
            int b = in.u8(at++);
            len |= (long) (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (len > maxOut) {
            return Either.left("snappy: " + len + " bytes would exceed the segment limit " + maxOut);
        }
        int n = (int) len;
        return OnWireCompressor.guarded("snappy", () -> {
            byte[] out = alloc.allocate(n);
            int got = new SnappyDecompressor().decompress(in.unsafeArray(), in.unsafeOffset(), in.length(), out, 0, n);
            return got == n ? Either.right(Bytes.wrap(out)) : Either.left("snappy: " + got + " of " + n + " bytes");
        });
    }
}
