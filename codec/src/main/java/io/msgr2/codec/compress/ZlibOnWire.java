package io.msgr2.codec.compress;

import io.msgr2.codec.Allocator;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.vavr.control.Either;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * zlib (id 2): a marker byte (0 zlib, 1 ISA-L; the receiver ignores it) and a raw DEFLATE
 * stream (no zlib header, no Adler-32), window 2^15, Ceph's level 5. The JDK's Deflater and
 * Inflater in nowrap mode. Like Ceph, a stream that stops early is not an error.
 */
final class ZlibOnWire implements OnWireCompressor {
    static final int LEVEL = 5;

    @Override
    public CompressionMethod method() {
        return CompressionMethod.ZLIB;
    }

    @Override
    public Bytes compress(Bytes in) {
        Deflater d = new Deflater(LEVEL, true);
        try {
            d.setInput(in.unsafeArray(), in.unsafeOffset(), in.length());
            d.finish();
            byte[] out = new byte[1 + in.length() + in.length() / 1000 + 64];
            int n = 1;
            while (!d.finished()) {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, out.length * 2);
                }
                n += d.deflate(out, n, out.length - n);
            }
            return Bytes.wrap(out, 0, n);
        } finally {
            d.end();
        }
    }

    @Override
    public Either<String, Bytes> decompress(Bytes in, int maxOut, Allocator alloc) {
        if (in.isEmpty()) {
            return Either.left("zlib: no marker byte");
        }
        Inflater inf = new Inflater(true);
        try {
            // nowrap inflation wants one byte past the stream
            byte[] src = new byte[in.length()];
            in.slice(1).copyTo(src, 0);
            inf.setInput(src, 0, src.length);
            byte[] out = alloc.allocate(Math.min(maxOut, Math.max(64, in.length() * 4)));
            int n = 0;
            while (!inf.finished()) {
                if (n == out.length) {
                    if (out.length >= maxOut) {
                        return Either.left("zlib: the segment inflates past the segment limit " + maxOut);
                    }
                    byte[] bigger = alloc.allocate((int) Math.min(maxOut, 2L * out.length));
                    System.arraycopy(out, 0, bigger, 0, n);
                    out = bigger;
                }
                int got = inf.inflate(out, n, out.length - n);
                if (got == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += got;
            }
            return Either.right(Bytes.wrap(out, 0, n));
        } catch (DataFormatException e) {
            return Either.left("zlib: " + e.getMessage());
        } finally {
            inf.end();
        }
    }
}
