package io.msgr2.conform.pcap;

import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * pcapng: a run of blocks (type, total length, body, total length again), grouped in
 * sections that each start with a Section Header Block giving that section's byte order.
 * Interface Description Blocks number the interfaces of their section; Enhanced, Simple and
 * obsolete Packet Blocks carry the frames. Every other block type is skipped.
 */
final class PcapNgReader {
    static final long SECTION_HEADER = 0x0A0D0D0AL;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int OBSOLETE_PACKET = 2;
    private static final int SIMPLE_PACKET = 3;
    private static final int ENHANCED_PACKET = 6;
    private static final long BYTE_ORDER_MAGIC = 0x1A2B3C4DL;
    private static final int SECTION_HEADER_MIN = 28;
    private static final int BLOCK_MIN = 12;
    private static final int OPT_END = 0;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int OPT_IF_TSOFFSET = 14;

    /** An interface of the current section; {@code linkType < 0} if its block was unreadable. */
    private record Interface(int linkType, long snaplen, Timescale timescale) {
    }

    /**
     * How an interface counts time: ticks of 10^-exponent or 2^-exponent seconds, plus a
     * whole number of seconds (if_tsoffset).
     */
    private record Timescale(boolean binary, int exponent, long offsetSeconds) {
        static final Timescale MICROS = new Timescale(false, 6, 0);
        private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

        /** Nanoseconds since the epoch, or empty if that does not fit in a long. */
        OptionalLong toNanos(long ticks) {
            try {
                long nanos;
                if (!binary && exponent <= 9) {
                    long scale = pow10(9 - exponent);
                    if (ticks < 0) {
                        return OptionalLong.empty();
                    }
                    nanos = Math.multiplyExact(ticks, scale);
                } else {
                    long perSecond = binary ? 1L << exponent : pow10(exponent);
                    long seconds = Long.divideUnsigned(ticks, perSecond);
                    long fraction = Long.remainderUnsigned(ticks, perSecond);
                    if (seconds < 0) {
                        return OptionalLong.empty();
                    }
                    long fractionNanos = BigInteger.valueOf(fraction).multiply(BILLION)
                            .divide(BigInteger.valueOf(perSecond)).longValue();
                    nanos = Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), fractionNanos);
                }
                return OptionalLong.of(Math.addExact(nanos, Math.multiplyExact(offsetSeconds, 1_000_000_000L)));
            } catch (ArithmeticException overflow) {
                return OptionalLong.empty();
            }
        }

        private static long pow10(int n) {
            long p = 1;
            for (int i = 0; i < n; i++) {
                p *= 10;
            }
            return p;
        }
    }

    private final byte[] file;
    private final Warnings warnings = new Warnings();
    private final List<Packet> packets = new ArrayList<>();
    private final List<Interface> interfaces = new ArrayList<>();
    private boolean little;
    private int sections;
    /** The time of the section's latest timed packet, given to Simple Packet Blocks (which have none). */
    private long lastNanos;

    private PcapNgReader(byte[] file) {
        this.file = file;
    }

    /** Reads the file; the caller has checked that it starts with a section header and owns it. */
    static Either<PcapError, PcapFile> read(byte[] file) {
        return new PcapNgReader(file).run();
    }

    private Either<PcapError, PcapFile> run() {
        int pos = 0;
        while (pos < file.length) {
            int left = file.length - pos;
            if (left < BLOCK_MIN) {
                if (sections == 0) {
                    return Either.left(new PcapError(PcapError.Kind.TRUNCATED_HEADER,
                            "a section header block has at least 28 bytes, the file only " + left));
                }
                warnings.note("file ends inside a block header at offset " + pos + " (" + left
                        + " bytes); capture cut short");
                break;
            }
            long type = Octets.u32(file, pos, little);
            if (type == SECTION_HEADER) {
                Either<PcapError, Integer> section = sectionHeader(pos);
                if (section.isLeft()) {
                    if (sections == 0) {
                        return Either.left(section.getLeft());
                    }
                    warnings.note("section header at offset " + pos + ": " + section.getLeft().detail()
                            + "; reading stops there");
                    break;
                }
                pos += section.get();
                continue;
            }
            long length = Octets.u32(file, pos + 4, little);
            if (length < BLOCK_MIN || length % 4 != 0) {
                warnings.note(String.format("block of type 0x%x at offset %d has an invalid length %d; reading stops there",
                        type, pos, length));
                break;
            }
            if (length > left) {
                warnings.note(String.format("file ends inside a block of type 0x%x at offset %d (it claims %d bytes, %d remain); "
                        + "capture cut short", type, pos, length, left));
                break;
            }
            int n = (int) length;
            if (Octets.u32(file, pos + n - 4, little) != length) {
                warnings.note("a block's trailing length differs from its leading length");
            }
            int body = pos + 8;
            int bodyLength = n - BLOCK_MIN;
            switch ((int) type) {
                case INTERFACE_DESCRIPTION -> interfaceDescription(body, bodyLength);
                case ENHANCED_PACKET -> timedPacket(body, bodyLength, false);
                case OBSOLETE_PACKET -> timedPacket(body, bodyLength, true);
                case SIMPLE_PACKET -> simplePacket(body, bodyLength);
                default -> {
                    // name resolution, statistics, journal, custom, ...: not needed here
                }
            }
            pos += n;
        }
        return Either.right(new PcapFile(PcapFile.Format.PCAPNG, packets, warnings.list()));
    }

    /** Checks a section header block; on success switches to its byte order and returns its length. */
    private Either<PcapError, Integer> sectionHeader(int pos) {
        int left = file.length - pos;
        if (left < SECTION_HEADER_MIN) {
            return Either.left(new PcapError(PcapError.Kind.TRUNCATED_HEADER,
                    "a section header block has at least 28 bytes, only " + left + " remain"));
        }
        long magic = Octets.u32(file, pos + 8, false);
        boolean order;
        if (magic == BYTE_ORDER_MAGIC) {
            order = false;
        } else if (Octets.u32(file, pos + 8, true) == BYTE_ORDER_MAGIC) {
            order = true;
        } else {
            return Either.left(new PcapError(PcapError.Kind.BAD_SECTION_HEADER,
                    String.format("byte-order magic 0x%08x is not 0x1a2b3c4d in either order", magic)));
        }
        long length = Octets.u32(file, pos + 4, order);
        if (length < SECTION_HEADER_MIN || length % 4 != 0) {
            return Either.left(new PcapError(PcapError.Kind.BAD_SECTION_HEADER,
                    "invalid section header block length " + length));
        }
        if (length > left) {
            return Either.left(new PcapError(PcapError.Kind.TRUNCATED_HEADER,
                    "the section header block claims " + length + " bytes, only " + left + " remain"));
        }
        int major = Octets.u16(file, pos + 12, order);
        int minor = Octets.u16(file, pos + 14, order);
        if (major != 1) {
            return Either.left(new PcapError(PcapError.Kind.UNSUPPORTED_VERSION,
                    "pcapng version " + major + "." + minor + " (only 1.x is read)"));
        }
        little = order;
        sections++;
        interfaces.clear();
        lastNanos = 0;
        return Either.right((int) length);
    }

    private void interfaceDescription(int body, int bodyLength) {
        if (bodyLength < 8) {
            warnings.note("an interface description block is too short; its packets are skipped");
            interfaces.add(new Interface(-1, 0, Timescale.MICROS));
            return;
        }
        int linkType = Octets.u16(file, body, little);
        long snaplen = Octets.u32(file, body + 4, little);
        boolean binary = false;
        int exponent = 6;
        long offsetSeconds = 0;
        int end = body + bodyLength;
        int p = body + 8;
        while (end - p >= 4) {
            int code = Octets.u16(file, p, little);
            int length = Octets.u16(file, p + 2, little);
            p += 4;
            if (code == OPT_END) {
                break;
            }
            if (length > end - p) {
                warnings.note("an interface description block has a malformed option list; the rest is ignored");
                break;
            }
            if (code == OPT_IF_TSRESOL && length >= 1) {
                int v = Octets.u8(file, p);
                boolean b = (v & 0x80) != 0;
                int e = v & 0x7f;
                if (b ? e > 62 : e > 18) {
                    warnings.note(String.format("unsupported if_tsresol 0x%02x; microseconds assumed", v));
                } else {
                    binary = b;
                    exponent = e;
                }
            } else if (code == OPT_IF_TSOFFSET && length == 8) {
                offsetSeconds = Octets.u64(file, p, little);
            }
            p += (length + 3) & ~3;
        }
        interfaces.add(new Interface(linkType, snaplen, new Timescale(binary, exponent, offsetSeconds)));
    }

    /** An Enhanced Packet Block, or the obsolete Packet Block (16-bit interface id and drop count). */
    private void timedPacket(int body, int bodyLength, boolean obsolete) {
        String what = obsolete ? "an obsolete packet block" : "an enhanced packet block";
        if (bodyLength < 20) {
            warnings.note(what + " is too short; skipped");
            return;
        }
        long interfaceId = obsolete ? Octets.u16(file, body, little) : Octets.u32(file, body, little);
        long ticks = Octets.u32(file, body + 4, little) << 32 | Octets.u32(file, body + 8, little);
        long captured = Octets.u32(file, body + 12, little);
        long original = Octets.u32(file, body + 16, little);
        if (captured > bodyLength - 20) {
            warnings.note(what + "'s captured length runs past the block; packet skipped");
            return;
        }
        Interface iface = iface(interfaceId);
        if (iface == null) {
            return;
        }
        OptionalLong nanos = iface.timescale().toNanos(ticks);
        long time = 0;
        if (nanos.isPresent()) {
            time = nanos.getAsLong();
        } else {
            warnings.note("a packet timestamp does not fit in 64-bit nanoseconds since the epoch; taken as 0");
        }
        lastNanos = time;
        int n = (int) captured;
        packets.add(new Packet(time, n, original, iface.linkType(), Bytes.wrap(file, body + 20, n)));
    }

    private void simplePacket(int body, int bodyLength) {
        if (bodyLength < 4) {
            warnings.note("a simple packet block is too short; skipped");
            return;
        }
        Interface iface = iface(0);
        if (iface == null) {
            return;
        }
        long original = Octets.u32(file, body, little);
        long captured = Math.min(original, bodyLength - 4);
        if (iface.snaplen() > 0) {
            captured = Math.min(captured, iface.snaplen());
        }
        int n = (int) captured;
        packets.add(new Packet(lastNanos, n, original, iface.linkType(), Bytes.wrap(file, body + 4, n)));
    }

    /** The interface with that number in this section, or null (with a warning). */
    private Interface iface(long id) {
        if (id >= interfaces.size()) {
            warnings.note("packets for interface " + id + ", which the section does not declare, are skipped");
            return null;
        }
        Interface iface = interfaces.get((int) id);
        if (iface.linkType() < 0) {
            return null;
        }
        return iface;
    }
}
