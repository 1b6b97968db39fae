/**
 * A small pure-Java reader for packet captures and a TCP reassembler on top of it, so that
 * msgr2 conversations recorded with tcpdump or Wireshark can be replayed byte for byte.
 *
 * <p>{@link io.msgr2.conform.pcap.PcapFile#read(byte[])} reads classic pcap (either byte
 * order, micro- or nanosecond timestamps) and pcapng (several sections and interfaces,
 * enhanced, simple and obsolete packet blocks). {@link io.msgr2.conform.pcap.TcpReassembly}
 * decodes Ethernet, raw IP, Linux cooked (SLL, SLL2) and BSD loopback frames, VLAN tags, IPv4
 * and IPv6, and rebuilds the two byte streams of every TCP connection.
 *
 * <p>Bad input never throws: a capture that cannot be read at all is a
 * {@link io.msgr2.conform.pcap.PcapError}, anything less is a warning and the rest is read.
 *
 * <p>This is our own reader rather than io.pkts, which reads only classic pcap (no pcapng,
 * no SLL2).
 */
package io.msgr2.conform.pcap;
