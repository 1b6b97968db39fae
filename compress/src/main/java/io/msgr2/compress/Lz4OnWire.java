package io.msgr2.compress;

import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.msgr2.codec.Allocator;
import io.msgr2.codec.compress.OnWireCompressor;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.vavr.control.Either;

/**
 * lz4 (id 4), Ceph's chunk table: le32 count, count x (le32 raw length, le32 compressed
 * length), then the chunks' LZ4 block data back to back (no LZ4 frame). We send one chunk,
 * as Ceph does; on receipt each chunk is decoded on its own (a chunk that refers back into an
 * earlier one, which Ceph's streaming encoder could produce but never does, fails cleanly).
 */
public final class Lz4OnWire implements OnWireCompressor {
    @Override
    public CompressionMethod method() {
        return CompressionMethod.LZ4;
    }

    @Override
    public Bytes compress(Bytes in) {
        Lz4Compressor c = new Lz4Compressor();
        byte[] out = new byte[12 + c.maxCompressedLength(in.length())];
        int n = c.compress(in.unsafeArray(), in.unsafeOffset(), in.length(), out, 12, out.length - 12);
        DencWriter.putU32(out, 0, 1);
        DencWriter.putU32(out, 4, in.length());
        DencWriter.putU32(out, 8, n);
        return Bytes.wrap(out, 0, 12 + n);
    }

    @Override
    public Either<String, Bytes> decompress(Bytes in, int maxOut, Allocator alloc) {
        if (in.length() < 4) {
            return Either.left("lz4: no chunk count");
        }
        long count = le32(in, 0);
        if (count > (in.length() - 4) / 8) {
            return Either.left("lz4: " + count + " chunks cannot fit in " + in.length() + " bytes");
        }
        int c = (int) count;
        long raw = 0;
        long comp = 0;
        for (int i = 0; i < c; i++) {
            raw += le32(in, 4 + 8 * i);
            comp += le32(in, 8 + 8 * i);
        }
        if (raw > maxOut) {
            return Either.left("lz4: " + raw + " bytes would exceed the segment limit " + maxOut);
        }
        if (comp != in.length() - 4 - 8L * c) {
            return Either.left("lz4: the chunk table does not add up to the segment");
        }
        int total = (int) raw;
        return OnWireCompressor.guarded("lz4", () -> {
            byte[] out = alloc.allocate(total);
            int src = in.unsafeOffset() + 4 + 8 * c;
            int dst = 0;
            Lz4Decompressor d = new Lz4Decompressor();
            for (int i = 0; i < c; i++) {
                int rawLen = (int) le32(in, 4 + 8 * i);
                int compLen = (int) le32(in, 8 + 8 * i);
                int got = d.decompress(in.unsafeArray(), src, compLen, out, dst, rawLen);
                if (got != rawLen) {
                    return Either.left("lz4: chunk " + i + " gave " + got + " of " + rawLen + " bytes");
                }
                src += compLen;
                dst += rawLen;
            }
            return Either.right(Bytes.wrap(out));
        });
    }

    private static long le32(Bytes b, int at) {
        return Integer.toUnsignedLong(b.u8(at) | b.u8(at + 1) << 8 | b.u8(at + 2) << 16 | b.u8(at + 3) << 24);
    }
}
