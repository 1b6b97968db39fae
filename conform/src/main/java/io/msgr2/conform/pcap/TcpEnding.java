package io.msgr2.conform.pcap;

/** How a TCP connection ended in the capture. */
public sealed interface TcpEnding {

    /** Neither side sent FIN or RST while the capture ran. */
    TcpEnding OPEN = new Open();

    /** Neither side sent FIN or RST while the capture ran. */
    record Open() implements TcpEnding {
    }

    /** No RST; {@code by} sent the first FIN, captured at {@code timeNanos}. */
    record Fin(TcpConnection.Side by, long timeNanos) implements TcpEnding {
    }

    /** {@code by} sent the first RST, captured at {@code timeNanos} (whatever FINs came before). */
    record Reset(TcpConnection.Side by, long timeNanos) implements TcpEnding {
    }
}
