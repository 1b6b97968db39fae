package io.msgr2.conform.pcap;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/** One end of a TCP connection: {@code 127.0.0.1:6801} or {@code [::1]:6801}. */
public record TcpEndpoint(InetAddress address, int port) implements Comparable<TcpEndpoint> {

    public TcpEndpoint {
        Objects.requireNonNull(address, "address is null");
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port " + port);
        }
    }

    /** From a 4- or 16-byte address; no name lookup. */
    static TcpEndpoint of(byte[] address, int port) {
        try {
            return new TcpEndpoint(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + address.length + " bytes", e);
        }
    }

    /** Orders by address bytes, then port. */
    @Override
    public int compareTo(TcpEndpoint o) {
        int c = Arrays.compare(address.getAddress(), o.address.getAddress());
        return c != 0 ? c : Integer.compare(port, o.port);
    }

    @Override
    public String toString() {
        return address instanceof Inet6Address v6 ? "[" + compressed(v6.getAddress()) + "]:" + port
                : address.getHostAddress() + ":" + port;
    }

    /** RFC 5952 text: lower-case hex, the longest run of two or more zero groups as "::". */
    private static String compressed(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }
}
