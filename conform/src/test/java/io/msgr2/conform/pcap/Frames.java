package io.msgr2.conform.pcap;

import io.msgr2.spec.wire.Bytes;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds TCP/IP packets and link-layer frames for tests (checksums left zero). */
final class Frames {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final byte[] NONE = new byte[0];

    private Frames() {
    }

    /** The bytes of an address literal (no name lookup). */
    static byte[] ip(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] tcp(int sourcePort, int destinationPort, long seq, long ack, int flags, byte[] payload) {
        return tcp(sourcePort, destinationPort, seq, ack, flags, payload, 0);
    }

    /** A TCP header with {@code optionBytes} (a multiple of 4) of NOP options, then the payload. */
    static byte[] tcp(int sourcePort, int destinationPort, long seq, long ack, int flags, byte[] payload,
            int optionBytes) {
        int header = 20 + optionBytes;
        ByteBuffer b = ByteBuffer.allocate(header + payload.length);
        b.putShort((short) sourcePort).putShort((short) destinationPort).putInt((int) seq).putInt((int) ack)
                .put((byte) (header / 4 << 4)).put((byte) flags).putShort((short) 65535).putInt(0);
        for (int i = 0; i < optionBytes; i++) {
            b.put((byte) 1);
        }
        return b.put(payload).array();
    }

    static byte[] ipv4(byte[] source, byte[] destination, int protocol, byte[] payload) {
        return ipv4(source, destination, protocol, payload, NONE, 0x4000);
    }

    /** IPv4 with options (a multiple of 4 bytes) and the flags/fragment-offset field as given. */
    static byte[] ipv4(byte[] source, byte[] destination, int protocol, byte[] payload, byte[] options,
            int fragmentField) {
        int header = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(header + payload.length);
        b.put((byte) (0x40 | header / 4)).put((byte) 0).putShort((short) (header + payload.length))
                .putShort((short) 0x1234).putShort((short) fragmentField).put((byte) 64).put((byte) protocol)
                .putShort((short) 0).put(source).put(destination).put(options);
        return b.put(payload).array();
    }

    static byte[] ipv6(byte[] source, byte[] destination, int nextHeader, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
        b.putInt(0x60000000).putShort((short) payload.length).put((byte) nextHeader).put((byte) 64)
                .put(source).put(destination);
        return b.put(payload).array();
    }

    /**
     * IPv6 with a chain of extension headers of the given types before the final payload of
     * type {@code last}: hop-by-hop and destination options take 8 bytes, routing 16,
     * authentication 12, fragment 8.
     */
    static byte[] ipv6(byte[] source, byte[] destination, int[] extensions, int last, byte[] payload) {
        ByteArrayOutputStream chain = new ByteArrayOutputStream();
        for (int i = 0; i < extensions.length; i++) {
            int next = i + 1 < extensions.length ? extensions[i + 1] : last;
            byte[] h = switch (extensions[i]) {
                case 43 -> new byte[16];
                case 51 -> new byte[12];
                default -> new byte[8];
            };
            h[0] = (byte) next;
            h[1] = (byte) (extensions[i] == 43 || extensions[i] == 51 ? 1 : 0);
            chain.writeBytes(h);
        }
        chain.writeBytes(payload);
        return ipv6(source, destination, extensions.length == 0 ? last : extensions[0], chain.toByteArray());
    }

    /** A TCP segment in IPv4 or IPv6, by the addresses' length. */
    static byte[] ipTcp(String source, int sourcePort, String destination, int destinationPort, long seq, long ack,
            int flags, byte[] payload) {
        byte[] s = ip(source);
        byte[] d = ip(destination);
        byte[] tcp = tcp(sourcePort, destinationPort, seq, ack, flags, payload);
        return s.length == 4 ? ipv4(s, d, 6, tcp) : ipv6(s, d, 6, tcp);
    }

    static int etherTypeOf(byte[] ipPacket) {
        return (ipPacket[0] & 0xf0) == 0x60 ? 0x86DD : 0x0800;
    }

    /** Ethernet II around an IP packet, with VLAN tags of the given TPIDs (outermost first). */
    static byte[] ethernet(byte[] ipPacket, int... vlanTpids) {
        return ethernetType(etherTypeOf(ipPacket), ipPacket, vlanTpids);
    }

    static byte[] ethernetType(int etherType, byte[] payload, int... vlanTpids) {
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlanTpids.length + payload.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 1}).put(new byte[] {2, 0, 0, 0, 0, 2});
        for (int i = 0; i < vlanTpids.length; i++) {
            b.putShort((short) vlanTpids[i]).putShort((short) (100 + i));
        }
        return b.putShort((short) etherType).put(payload).array();
    }

    /** Linux cooked v1 around an IP packet, with VLAN tags inside if any. */
    static byte[] sll(byte[] ipPacket, int... vlanTpids) {
        int protocol = vlanTpids.length > 0 ? vlanTpids[0] : etherTypeOf(ipPacket);
        ByteBuffer b = ByteBuffer.allocate(16 + 4 * vlanTpids.length + ipPacket.length);
        b.putShort((short) 0).putShort((short) 772).putShort((short) 6).put(new byte[8]).putShort((short) protocol);
        for (int i = 0; i < vlanTpids.length; i++) {
            int next = i + 1 < vlanTpids.length ? vlanTpids[i + 1] : etherTypeOf(ipPacket);
            b.putShort((short) (100 + i)).putShort((short) next);
        }
        return b.put(ipPacket).array();
    }

    /** Linux cooked v2 around an IP packet. */
    static byte[] sll2(byte[] ipPacket) {
        ByteBuffer b = ByteBuffer.allocate(20 + ipPacket.length);
        b.putShort((short) etherTypeOf(ipPacket)).putShort((short) 0).putInt(1).putShort((short) 772)
                .put((byte) 0).put((byte) 6).put(new byte[8]);
        return b.put(ipPacket).array();
    }

    /** A 4-byte address family in the given byte order, then the IP packet (DLT_NULL, DLT_LOOP). */
    static byte[] loopback(byte[] ipPacket, int family, ByteOrder order) {
        return ByteBuffer.allocate(4 + ipPacket.length).order(order).putInt(family).put(ipPacket).array();
    }

    /** Concatenation. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A captured frame, whole. */
    static Packet packet(long timeNanos, int linkType, byte[] frame) {
        return new Packet(timeNanos, frame.length, frame.length, linkType, Bytes.wrap(frame));
    }
}
