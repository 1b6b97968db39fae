package io.msgr2.spec.wire;

import java.util.Objects;

/**
 * The {@code sockaddr} inside an {@code entity_addr_t}, as Linux lays it out: a 16-bit
 * family, then for AF_INET a big-endian port and 4 address bytes, for AF_INET6 a
 * big-endian port, flow info, 16 address bytes and a scope id.
 */
public sealed interface SockAddr {
    int AF_UNSPEC = 0;
    int AF_INET = 2;
    int AF_INET6 = 10;

    int family();

    /** Family AF_UNSPEC: the blank address Ceph uses for "not known yet". */
    record Blank() implements SockAddr {
        @Override
        public int family() {
            return AF_UNSPEC;
        }

        @Override
        public String toString() {
            return "-";
        }
    }

    /** An IPv4 address: 4 bytes in network order and a port (0..65535). */
    record Inet4(Bytes ip, int port) implements SockAddr {
        public Inet4 {
            Objects.requireNonNull(ip, "ip is null");
            if (ip.length() != 4) {
                throw new IllegalArgumentException("IPv4 address needs 4 bytes");
            }
            checkPort(port);
        }

        public static Inet4 of(int a, int b, int c, int d, int port) {
            return new Inet4(Bytes.of((byte) a, (byte) b, (byte) c, (byte) d), port);
        }

        public static Inet4 loopback(int port) {
            return of(127, 0, 0, 1, port);
        }

        @Override
        public int family() {
            return AF_INET;
        }

        @Override
        public String toString() {
            return ip.u8(0) + "." + ip.u8(1) + "." + ip.u8(2) + "." + ip.u8(3) + ":" + port;
        }
    }

    /** An IPv6 address: 16 bytes, port, flow info (as on the wire, network order) and scope id. */
    record Inet6(Bytes ip, int port, int flowInfo, int scopeId) implements SockAddr {
        public Inet6 {
            Objects.requireNonNull(ip, "ip is null");
            if (ip.length() != 16) {
                throw new IllegalArgumentException("IPv6 address needs 16 bytes");
            }
            checkPort(port);
        }

        @Override
        public int family() {
            return AF_INET6;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < 16; i += 2) {
                if (i > 0) {
                    b.append(':');
                }
                b.append(Integer.toHexString(ip.u8(i) << 8 | ip.u8(i + 1)));
            }
            return b.append("]:").append(port).toString();
        }
    }

    /**
     * Any other family: the 26 bytes after the family field, as Ceph copies them. Ceph
     * accepts such addresses; we keep them so that nothing decodable is refused.
     */
    record Other(int family, Bytes data) implements SockAddr {
        public static final int DATA_LENGTH = 26;

        public Other {
            Objects.requireNonNull(data, "data is null");
            if (family < 0 || family > 0xffff || family == AF_UNSPEC || family == AF_INET || family == AF_INET6) {
                throw new IllegalArgumentException("not an 'other' family: " + family);
            }
            if (data.length() != DATA_LENGTH) {
                throw new IllegalArgumentException("sockaddr data is 26 bytes");
            }
        }

        @Override
        public String toString() {
            return "family" + family + ":" + data.hex();
        }
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
