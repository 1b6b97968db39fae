package io.msgr2.conform.pcap;

import java.util.List;

/**
 * The TCP connections of a capture, in the order they started, and what the capture lacked
 * or what was odd about it (skipped frames, truncated packets, gaps, connections without SYN).
 */
public record TcpCapture(List<TcpConnection> connections, List<String> warnings) {

    public TcpCapture {
        connections = List.copyOf(connections);
        warnings = List.copyOf(warnings);
    }
}
