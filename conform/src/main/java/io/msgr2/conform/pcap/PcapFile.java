package io.msgr2.conform.pcap;

import io.vavr.control.Either;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The frames of a capture file, in file order, with what went wrong short of a fatal error
 * (a file cut in the middle of a packet, corrupt blocks, packets for undeclared interfaces).
 */
public record PcapFile(Format format, List<Packet> packets, List<String> warnings) {
    /** The largest file {@link #read(Path)} reads: one Java array. */
    private static final long MAX_FILE = Integer.MAX_VALUE - 16;

    /** The container format. */
    public enum Format {
        /** Classic libpcap. */
        PCAP,
        /** pcapng. */
        PCAPNG
    }

    public PcapFile {
        Objects.requireNonNull(format, "format is null");
        packets = List.copyOf(packets);
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads a classic pcap or pcapng file. The array is copied once; the packets' bytes are
     * views into that copy.
     */
    public static Either<PcapError, PcapFile> read(byte[] file) {
        Objects.requireNonNull(file, "file is null");
        if (file.length == 0) {
            return Either.left(new PcapError(PcapError.Kind.EMPTY, "the file is empty"));
        }
        if (file.length < 4) {
            return Either.left(new PcapError(PcapError.Kind.TRUNCATED_HEADER,
                    "only " + file.length + " bytes, not even a magic number"));
        }
        long big = Octets.u32(file, 0, false);
        long little = Octets.u32(file, 0, true);
        if (big == PcapNgReader.SECTION_HEADER) {
            return PcapNgReader.read(file.clone());
        }
        if (ClassicPcapReader.isMagic(big) || ClassicPcapReader.isMagic(little)) {
            return ClassicPcapReader.read(file.clone());
        }
        return Either.left(new PcapError(PcapError.Kind.UNKNOWN_FORMAT,
                String.format("magic 0x%08x is neither pcap nor pcapng", big)));
    }

    /** Reads a capture file from disk. */
    public static Either<PcapError, PcapFile> read(Path path) {
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_FILE) {
                return Either.left(new PcapError(PcapError.Kind.IO,
                        path + ": " + size + " bytes; captures over 2 GiB are not read"));
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            return Either.left(new PcapError(PcapError.Kind.IO, path + ": " + e));
        }
        return read(bytes);
    }
}
