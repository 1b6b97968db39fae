package io.msgr2.codec.compress;

import io.msgr2.codec.Allocator;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.vavr.control.Either;
import java.util.List;
import java.util.Optional;

/**
 * One on-wire compression method, in exactly Ceph's segment format (see each
 * implementation). Every segment is compressed on its own. Decompression is bounded: it never
 * allocates more than {@code maxOut} bytes (the segment limit), trusts no length field, and
 * reports any failure of the bytes (or of the library on them) as a value. Implementations
 * other than zlib are found with {@link java.util.ServiceLoader}; they hold no state, so one
 * instance serves every connection.
 */
public interface OnWireCompressor {
    CompressionMethod method();

    Bytes compress(Bytes segment);

    Either<String, Bytes> decompress(Bytes segment, int maxOut, Allocator alloc);

    /**
     * The implementation of {@code method}: zlib is the JDK's and always here; snappy, zstd and
     * lz4 come from the providers on the class or module path ({@code msgr2-compress}, which
     * the transports bring); empty for none, brotli, unknown ids and methods nobody provides.
     */
    static Optional<OnWireCompressor> of(CompressionMethod method) {
        if (method.equals(CompressionMethod.ZLIB)) {
            return Optional.of(new ZlibOnWire());
        }
        return Providers.ALL.stream().filter(p -> p.method().equals(method)).findFirst();
    }

    /** The methods {@link #of} has an implementation for, zlib first. */
    static java.util.List<CompressionMethod> available() {
        var methods = new java.util.ArrayList<CompressionMethod>(List.of(CompressionMethod.ZLIB));
        Providers.ALL.forEach(p -> methods.add(p.method()));
        return List.copyOf(methods);
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
