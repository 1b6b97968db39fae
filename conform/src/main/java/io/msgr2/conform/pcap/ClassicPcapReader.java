package io.msgr2.conform.pcap;

import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.List;

/**
 * Classic libpcap: a 24-byte file header (magic, version, snaplen, link type) and 16-byte
 * record headers, in the writer's byte order; microsecond or nanosecond timestamps.
 */
final class ClassicPcapReader {
    static final long MAGIC_MICROS = 0xa1b2c3d4L;
    static final long MAGIC_NANOS = 0xa1b23c4dL;
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    /** A captured length above this is taken as a corrupt record header rather than a cut file. */
    static final long MAX_PLAUSIBLE_PACKET = 256L << 20;

    private ClassicPcapReader() {
    }

    static boolean isMagic(long magic) {
        return magic == MAGIC_MICROS || magic == MAGIC_NANOS;
    }

    /** Reads the file; the caller has checked the magic and owns {@code file}. */
    static Either<PcapError, PcapFile> read(byte[] file) {
        if (file.length < FILE_HEADER) {
            return Either.left(new PcapError(PcapError.Kind.TRUNCATED_HEADER,
                    "a pcap file header has 24 bytes, the file only " + file.length));
        }
        boolean little = !isMagic(Octets.u32(file, 0, false));
        boolean nanos = Octets.u32(file, 0, little) == MAGIC_NANOS;
        int major = Octets.u16(file, 4, little);
        int minor = Octets.u16(file, 6, little);
        if (major != 2) {
            return Either.left(new PcapError(PcapError.Kind.UNSUPPORTED_VERSION,
                    "pcap version " + major + "." + minor + " (only 2.x is read)"));
        }
        // The low 16 bits are the link type; the high bits may carry FCS information.
        int linkType = (int) (Octets.u32(file, 20, little) & 0xffff);
        long unit = nanos ? 1 : 1000;

        Warnings warnings = new Warnings();
        List<Packet> packets = new ArrayList<>();
        int pos = FILE_HEADER;
        while (pos < file.length) {
            int left = file.length - pos;
            int number = packets.size() + 1;
            if (left < RECORD_HEADER) {
                warnings.note("file ends inside the record header of packet " + number + " (" + left
                        + " bytes at offset " + pos + "); capture cut short");
                break;
            }
            long seconds = Octets.u32(file, pos, little);
            long fraction = Octets.u32(file, pos + 4, little);
            long captured = Octets.u32(file, pos + 8, little);
            long original = Octets.u32(file, pos + 12, little);
            if (captured > left - RECORD_HEADER) {
                warnings.note(captured > MAX_PLAUSIBLE_PACKET
                        ? "packet " + number + " at offset " + pos + " claims an implausible captured length of "
                                + captured + " bytes (corrupt record header?); reading stops there"
                        : "file ends inside packet " + number + " at offset " + pos + " (" + (left - RECORD_HEADER)
                                + " of " + captured + " captured bytes present); capture cut short");
                break;
            }
            int n = (int) captured;
            packets.add(new Packet(seconds * 1_000_000_000L + fraction * unit, n, original, linkType,
                    Bytes.wrap(file, pos + RECORD_HEADER, n)));
            pos += RECORD_HEADER + n;
        }
        return Either.right(new PcapFile(PcapFile.Format.PCAP, packets, warnings.list()));
    }
}
