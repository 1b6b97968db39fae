package io.msgr2.conform.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Writes small classic pcap and pcapng files for tests, with any link type and byte order. */
final class PcapWriter {
    private PcapWriter() {
    }

    /** A frame to write: captured bytes and the length it had on the wire. */
    record Frame(long timeNanos, byte[] data, long originalLength) {
        Frame(long timeNanos, byte[] data) {
            this(timeNanos, data, data.length);
        }
    }

    /** A classic pcap file (version 2.4, snaplen 262144). */
    static byte[] classic(int linkType, ByteOrder order, boolean nanos, List<Frame> frames) {
        int size = 24;
        for (Frame f : frames) {
            size += 16 + f.data().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(order);
        b.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(262144).putInt(linkType);
        for (Frame f : frames) {
            long seconds = Math.floorDiv(f.timeNanos(), 1_000_000_000L);
            long fraction = Math.floorMod(f.timeNanos(), 1_000_000_000L) / (nanos ? 1 : 1000);
            b.putInt((int) seconds).putInt((int) fraction).putInt(f.data().length).putInt((int) f.originalLength())
                    .put(f.data());
        }
        return b.array();
    }

    /** A pcapng file built block by block; starts with a section header. */
    static final class Ng {
        static final int SECTION_HEADER = 0x0A0D0D0A;
        static final int INTERFACE_DESCRIPTION = 1;
        static final int OBSOLETE_PACKET = 2;
        static final int SIMPLE_PACKET = 3;
        static final int NAME_RESOLUTION = 4;
        static final int INTERFACE_STATISTICS = 5;
        static final int ENHANCED_PACKET = 6;
        static final int CUSTOM = 0x00000BAD;

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private ByteOrder order;

        Ng(ByteOrder order) {
            section(order);
        }

        /** Starts a new section in that byte order (interfaces are numbered afresh). */
        Ng section(ByteOrder order) {
            this.order = order;
            return block(SECTION_HEADER, buffer(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
                    .putLong(-1).array());
        }

        /** An interface; {@code tsresol < 0}: no if_tsresol option; {@code tsoffset == 0}: no if_tsoffset. */
        Ng iface(int linkType, int snaplen, int tsresol, long tsoffset) {
            ByteBuffer b = buffer(64).putShort((short) linkType).putShort((short) 0).putInt(snaplen);
            // an if_name option first, to be skipped
            b.putShort((short) 2).putShort((short) 3).put(new byte[] {'l', 'o', 0, 0});
            if (tsresol >= 0) {
                b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            }
            if (tsoffset != 0) {
                b.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
            }
            b.putShort((short) 0).putShort((short) 0);
            return block(INTERFACE_DESCRIPTION, used(b));
        }

        Ng iface(int linkType) {
            return iface(linkType, 262144, -1, 0);
        }

        /** An enhanced packet block (with a comment option after the data). */
        Ng epb(int iface, long ticks, byte[] data, long originalLength) {
            int padded = (data.length + 3) & ~3;
            ByteBuffer b = buffer(20 + padded + 16).putInt(iface).putInt((int) (ticks >>> 32)).putInt((int) ticks)
                    .putInt(data.length).putInt((int) originalLength).put(data);
            b.position(20 + padded);
            b.putShort((short) 1).putShort((short) 4).put(new byte[] {'h', 'i', '!', '!'});
            b.putShort((short) 0).putShort((short) 0);
            return block(ENHANCED_PACKET, used(b));
        }

        Ng epb(int iface, long ticks, byte[] data) {
            return epb(iface, ticks, data, data.length);
        }

        /** An obsolete packet block (16-bit interface id, drop count). */
        Ng opb(int iface, long ticks, byte[] data) {
            ByteBuffer b = buffer(20 + data.length).putShort((short) iface).putShort((short) 0)
                    .putInt((int) (ticks >>> 32)).putInt((int) ticks).putInt(data.length).putInt(data.length).put(data);
            return block(OBSOLETE_PACKET, b.array());
        }

        /** A simple packet block (interface 0, no timestamp). */
        Ng spb(byte[] data, long originalLength) {
            return block(SIMPLE_PACKET, buffer(4 + data.length).putInt((int) originalLength).put(data).array());
        }

        /** Any block; the body is padded to 4 bytes. */
        Ng block(int type, byte[] body) {
            int padded = (body.length + 3) & ~3;
            int total = 12 + padded;
            ByteBuffer b = buffer(total).putInt(type).putInt(total).put(body);
            b.position(8 + padded);
            b.putInt(total);
            out.writeBytes(b.array());
            return this;
        }

        /** Raw bytes, for damaged files. */
        Ng raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        ByteOrder order() {
            return order;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private ByteBuffer buffer(int n) {
            return ByteBuffer.allocate(n).order(order);
        }

        private static byte[] used(ByteBuffer b) {
            byte[] a = new byte[b.position()];
            b.flip().get(a);
            return a;
        }
    }
}
