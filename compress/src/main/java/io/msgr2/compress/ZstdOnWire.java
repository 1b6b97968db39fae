package io.msgr2.compress;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import io.msgr2.codec.Allocator;
import io.msgr2.codec.compress.OnWireCompressor;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.vavr.control.Either;

/**
 * zstd (id 3): le32 uncompressed length, then one zstd frame. Unlike Ceph (which ignores
 * decoding errors), the frame must decode to exactly the announced length.
 */
public final class ZstdOnWire implements OnWireCompressor {
    @Override
    public CompressionMethod method() {
        return CompressionMethod.ZSTD;
    }

    @Override
    public Bytes compress(Bytes in) {
        ZstdCompressor c = new ZstdCompressor();
        byte[] out = new byte[4 + c.maxCompressedLength(in.length())];
        DencWriter.putU32(out, 0, in.length());
        int n = c.compress(in.unsafeArray(), in.unsafeOffset(), in.length(), out, 4, out.length - 4);
        return Bytes.wrap(out, 0, 4 + n);
    }

    @Override
    public Either<String, Bytes> decompress(Bytes in, int maxOut, Allocator alloc) {
        if (in.length() < 4) {
            return Either.left("zstd: segment shorter than its length field");
        }
        long len = Integer.toUnsignedLong(in.u8(0) | in.u8(1) << 8 | in.u8(2) << 16 | in.u8(3) << 24);
        if (len > maxOut) {
            return Either.left("zstd: " + len + " bytes would exceed the segment limit " + maxOut);
        }
        int n = (int) len;
        return OnWireCompressor.guarded("zstd", () -> {
            byte[] out = alloc.allocate(n);
            int got = new ZstdDecompressor().decompress(in.unsafeArray(), in.unsafeOffset() + 4, in.length() - 4, out, 0,
                    n);
            return got == n ? Either.right(Bytes.wrap(out)) : Either.left("zstd: " + got + " of " + n + " bytes");
        });
    }
}
