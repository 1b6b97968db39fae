package io.msgr2.spec.wire;

/** {@code Compressor::CompressionAlgorithm}: the method ids of COMPRESSION_REQUEST/DONE (Quincy+). */
public record CompressionMethod(int value) {
    public static final CompressionMethod NONE = new CompressionMethod(0);
    public static final CompressionMethod SNAPPY = new CompressionMethod(1);
    public static final CompressionMethod ZLIB = new CompressionMethod(2);
    public static final CompressionMethod ZSTD = new CompressionMethod(3);
    public static final CompressionMethod LZ4 = new CompressionMethod(4);
    public static final CompressionMethod BROTLI = new CompressionMethod(5);

    public String cephName() {
        return switch (value) {
            case 0 -> "none";
            case 1 -> "snappy";
            case 2 -> "zlib";
            case 3 -> "zstd";
            case 4 -> "lz4";
            case 5 -> "brotli";
            default -> "method(" + Integer.toUnsignedString(value) + ")";
        };
    }

    @Override
    public String toString() {
        return cephName();
    }
}
