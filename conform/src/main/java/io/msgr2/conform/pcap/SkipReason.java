package io.msgr2.conform.pcap;

/** Why a frame yields no TCP segment. Counted, and reported as warnings by {@link TcpReassembly}. */
enum SkipReason {
    UNKNOWN_LINK_TYPE("frames of a link type we do not decode"),
    TRUNCATED_HEADERS("frames cut (snaplen) before the end of their IP or TCP header"),
    MALFORMED("frames with malformed link, IP or TCP headers"),
    NOT_IP("non-IP frames (ARP, LLC, ...)"),
    NOT_TCP("IP packets that are not TCP (UDP, ICMP, ...)"),
    IPV4_FRAGMENT("IPv4 fragments (not reassembled)"),
    IPV6_FRAGMENT("IPv6 fragments (not reassembled)");

    final String description;

    SkipReason(String description) {
        this.description = description;
    }
}
