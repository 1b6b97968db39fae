package io.msgr2.conform.pcap;

import java.util.Optional;

/** The link-layer header types (LINKTYPE_* numbers) whose frames we can open. */
public enum LinkType {
    /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
    NULL(0),
    /** Ethernet II, with optional 802.1Q / 802.1ad VLAN tags. */
    ETHERNET(1),
    /** Raw IP under the DLT_RAW number most systems use. */
    RAW_DLT12(12),
    /** Raw IP under the DLT_RAW number OpenBSD uses. */
    RAW_DLT14(14),
    /** Raw IP: the frame starts with the IPv4 or IPv6 header. */
    RAW(101),
    /** OpenBSD loopback: like {@link #NULL} but the address family is big-endian. */
    LOOP(108),
    /** Linux cooked capture v1 (tcpdump -i any), 16-byte header. */
    LINUX_SLL(113),
    /** Linux cooked capture v2, 20-byte header. */
    LINUX_SLL2(276);

    private final int code;

    LinkType(int code) {
        this.code = code;
    }

    /** The number in the capture file. */
    public int code() {
        return code;
    }

    /** The known link type with that number, if any. */
    public static Optional<LinkType> of(int code) {
        for (LinkType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
