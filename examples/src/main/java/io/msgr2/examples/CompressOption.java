package io.msgr2.examples;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --compress off|METHODS}, for the client commands and {@code serve}. */
final class CompressOption {
    @Option(names = "--compress", paramLabel = "off|METHODS", defaultValue = "off",
            description = "on-wire compression: off, or methods like snappy,zstd (default: ${DEFAULT-VALUE})")
    String value = "off";

    /**
     * {@code --compress off} (the default: no COMPRESSION bit, as Pacific) or a method list
     * like {@code snappy,zstd}: the bit is advertised, and toward OSDs we ask to compress
     * with these methods in this order ({@code ms_osd_compress_mode=force}).
     */
    io.msgr2.spec.conn.Compression compression() {
        if (value.equals("off")) {
            return io.msgr2.spec.conn.Compression.OFF;
        }
        List<io.msgr2.spec.wire.CompressionMethod> methods = new ArrayList<>();
        for (String m : value.split(",")) {
            methods.add(switch (m.trim()) {
                case "snappy" -> io.msgr2.spec.wire.CompressionMethod.SNAPPY;
                case "zlib" -> io.msgr2.spec.wire.CompressionMethod.ZLIB;
                case "zstd" -> io.msgr2.spec.wire.CompressionMethod.ZSTD;
                case "lz4" -> io.msgr2.spec.wire.CompressionMethod.LZ4;
                default -> throw new UsageException("--compress takes off or a list of snappy, zlib, zstd, lz4");
            });
        }
        return io.msgr2.spec.conn.Compression.force(methods);
    }
}
