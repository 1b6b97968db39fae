package io.msgr2.conform.pcap;

import io.msgr2.spec.wire.Bytes;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one side of a TCP connection sent, as far as the capture shows it.
 *
 * @param bytes                   the stream from its first byte up to the end or the first
 *                                byte the capture lacks
 * @param arrivals                which packet delivered which bytes of {@code bytes}, in
 *                                offset order, covering it without overlap
 * @param gaps                    byte ranges that were sent (later bytes, or a FIN, show it)
 *                                but never captured; the first one ends {@code bytes}
 * @param retransmittedBytes      bytes that arrived again after their first copy
 * @param retransmissionDiffered  whether any of those differed from the first copy, which is
 *                                the one kept
 * @param finNanos                when this side's first FIN was captured
 * @param rstNanos                when this side's first RST was captured
 */
public record TcpStream(Bytes bytes, List<Arrival> arrivals, List<Gap> gaps, long retransmittedBytes,
        boolean retransmissionDiffered, OptionalLong finNanos, OptionalLong rstNanos) {

    /** Bytes {@code [offset, offset + length)} of the stream came in a packet captured at {@code timeNanos}. */
    public record Arrival(long offset, int length, long timeNanos) {
    }

    /** Bytes {@code [offset, offset + size)} of the stream are missing from the capture. */
    public record Gap(long offset, long size, Cause cause) {
        /** Why the bytes are missing. */
        public enum Cause {
            /** No packet carrying them was captured (dropped, or sent before the capture began). */
            LOST,
            /** A packet carried them but the snapshot length cut them off. */
            NOT_CAPTURED
        }
    }

    public TcpStream {
        Objects.requireNonNull(bytes, "bytes is null");
        arrivals = List.copyOf(arrivals);
        gaps = List.copyOf(gaps);
        Objects.requireNonNull(finNanos, "finNanos is null");
        Objects.requireNonNull(rstNanos, "rstNanos is null");
    }

    /** Whether the capture holds every byte this side sent (as far as it can tell). */
    public boolean complete() {
        return gaps.isEmpty();
    }

    /**
     * When the packet that delivered byte {@code offset} of {@link #bytes()} was captured.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= offset < bytes().length()}
     */
    public long timeOf(long offset) {
        if (offset < 0 || offset >= bytes.length()) {
            throw new IndexOutOfBoundsException("offset " + offset + " of a " + bytes.length() + "-byte stream");
        }
        int lo = 0;
        int hi = arrivals.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (arrivals.get(mid).offset() <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return arrivals.get(lo).timeNanos();
    }
}
