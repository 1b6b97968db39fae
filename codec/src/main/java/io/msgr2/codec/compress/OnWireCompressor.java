package io.msgr2.codec.compress;

import io.msgr2.codec.Allocator;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.vavr.control.Either;
import java.util.Optional;

/**
 * One on-wire compression method, in exactly Ceph's segment format (see each
 * implementation). Every segment is compressed on its own. Decompression is bounded: it never
 * allocates more than {@code maxOut} bytes (the segment limit), trusts no length field, and
 * reports any failure of the bytes (or of the library on them) as a value.
 */
public interface OnWireCompressor {
    CompressionMethod method();

    Bytes compress(Bytes segment);

    Either<String, Bytes> decompress(Bytes segment, int maxOut, Allocator alloc);

    /** The implementation of {@code method}: snappy, zlib, zstd, lz4; empty for none, brotli and unknown ids. */
    static Optional<OnWireCompressor> of(CompressionMethod method) {
        return switch (method.value()) {
            case 1 -> Optional.of(new SnappyOnWire());
            case 2 -> Optional.of(new ZlibOnWire());
            case 3 -> Optional.of(new ZstdOnWire());
            case 4 -> Optional.of(new Lz4OnWire());
            default -> Optional.empty();
        };
    }

    /** Library failures on hostile bytes become values (the libraries throw unchecked exceptions). */
    static Either<String, Bytes> guarded(String what, java.util.function.Supplier<Either<String, Bytes>> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            return Either.left(what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
