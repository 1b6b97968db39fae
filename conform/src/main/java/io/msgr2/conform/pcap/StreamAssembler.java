package io.msgr2.conform.pcap;

import io.msgr2.spec.wire.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Rebuilds one direction of a TCP connection from its segments, in any order.
 *
 * <p>Stream offsets count from the byte after the SYN (or from the first sequence number
 * seen when there was no SYN); 32-bit sequence numbers are unwrapped against the end of the
 * contiguous data, so streams may pass 4 GiB and wrap. Data is kept as non-overlapping pieces,
 * first copy wins; later copies of the same bytes count as retransmissions.
 */
final class StreamAssembler {
    private static final long MASK = 0xffffffffL;
    /**
     * The longest stream {@link #build()} puts in one array; never reached, as a stream holds
     * no more bytes than the capture file.
     */
    static final long MAX_STREAM = Integer.MAX_VALUE - 16;

    /** Stream bytes {@code [offset, offset + data.length())}, first delivered at {@code timeNanos}. */
    private record Piece(long offset, Bytes data, long timeNanos) {
        long end() {
            return offset + data.length();
        }
    }

    private boolean baseKnown;
    /** The sequence number of stream offset 0. */
    private long baseSeq;
    private boolean synSeen;
    private long synSeq;
    private boolean touched;
    private final TreeMap<Long, Piece> pieces = new TreeMap<>();
    /** The end of the data contiguous from offset 0; also the reference for unwrapping. */
    private long contiguousEnd;
    /** Ranges the snaplen cut off: start to end. */
    private final TreeMap<Long, Long> notCaptured = new TreeMap<>();
    private long notCapturedEnd;
    private long retransmitted;
    private boolean differed;
    private long beforeStart;
    private long finOffset = -1;
    private OptionalLong finNanos = OptionalLong.empty();
    private OptionalLong rstNanos = OptionalLong.empty();

    /** Whether no segment went this way yet. */
    boolean untouched() {
        return !touched;
    }

    boolean ended() {
        return finNanos.isPresent() || rstNanos.isPresent();
    }

    /** Whether a SYN with this sequence number is one this side already sent. */
    boolean sentSyn(long seq) {
        return synSeen && synSeq == seq;
    }

    /** Bytes before the stream start (seen only without a SYN), which are ignored. */
    long bytesBeforeStart() {
        return beforeStart;
    }

    /** Captured bytes after the first gap, which {@link TcpStream#bytes()} leaves out. */
    long bytesAfterFirstGap() {
        long n = 0;
        for (Piece p : pieces.tailMap(contiguousEnd, true).values()) {
            n += p.data().length();
        }
        return n;
    }

    void accept(TcpSegment s) {
        touched = true;
        long seq = s.seq();
        if (s.syn()) {
            if (!baseKnown) {
                baseSeq = (seq + 1) & MASK;
                baseKnown = true;
                synSeen = true;
                synSeq = seq;
            }
            seq = (seq + 1) & MASK;
        }
        if (!baseKnown) {
            baseSeq = seq;
            baseKnown = true;
        }
        long offset = offsetOf(seq);
        Bytes payload = s.payload();
        if (!payload.isEmpty()) {
            insert(offset, payload, s.timeNanos());
        }
        if (s.missingBytes() > 0) {
            long from = offset + payload.length();
            long to = offset + s.wireLength();
            notCaptured.merge(from, to, Math::max);
            notCapturedEnd = Math.max(notCapturedEnd, to);
        }
        if (s.fin() && finNanos.isEmpty()) {
            finNanos = OptionalLong.of(s.timeNanos());
            finOffset = offset + s.wireLength();
        }
        if (s.rst() && rstNanos.isEmpty()) {
            rstNanos = OptionalLong.of(s.timeNanos());
        }
    }

    /** The stream offset of a sequence number: the one nearest the contiguous end, mod 2^32. */
    private long offsetOf(long seq) {
        long relative = (seq - baseSeq) & MASK;
        int delta = (int) (relative - (contiguousEnd & MASK));
        return contiguousEnd + delta;
    }

    /** Adds the parts of {@code data} at {@code offset} that no earlier packet delivered. */
    private void insert(long offset, Bytes data, long timeNanos) {
        long end = offset + data.length();
        if (end <= 0) {
            beforeStart += data.length();
            return;
        }
        if (offset < 0) {
            beforeStart += -offset;
            data = data.slice((int) -offset);
            offset = 0;
        }
        List<Piece> fresh = new ArrayList<>(2);
        long pos = offset;
        Long from = pieces.floorKey(offset);
        for (Piece old : pieces.subMap(from == null ? offset : from, true, end, false).values()) {
            if (old.end() <= pos) {
                continue;
            }
            if (old.offset() > pos) {
                fresh.add(new Piece(pos, data.slice((int) (pos - offset), (int) (old.offset() - pos)), timeNanos));
                pos = old.offset();
            }
            long overlapEnd = Math.min(end, old.end());
            int n = (int) (overlapEnd - pos);
            retransmitted += n;
            if (!differed) {
                differed = !same(data, (int) (pos - offset), old.data(), (int) (pos - old.offset()), n);
            }
            pos = overlapEnd;
        }
        if (pos < end) {
            fresh.add(new Piece(pos, data.slice((int) (pos - offset)), timeNanos));
        }
        for (Piece p : fresh) {
            pieces.put(p.offset(), p);
        }
        for (Piece next = pieces.get(contiguousEnd); next != null; next = pieces.get(contiguousEnd)) {
            contiguousEnd = next.end();
        }
    }

    private static boolean same(Bytes a, int aFrom, Bytes b, int bFrom, int n) {
        int ao = a.unsafeOffset() + aFrom;
        int bo = b.unsafeOffset() + bFrom;
        return Arrays.equals(a.unsafeArray(), ao, ao + n, b.unsafeArray(), bo, bo + n);
    }

    /** The stream as captured; bounded by the captured bytes (and {@link #MAX_STREAM}). */
    TcpStream build() {
        long length = Math.min(contiguousEnd, MAX_STREAM);
        byte[] out = new byte[(int) length];
        List<TcpStream.Arrival> arrivals = new ArrayList<>();
        for (Piece p : pieces.headMap(length, false).values()) {
            int n = (int) Math.min(p.data().length(), length - p.offset());
            p.data().slice(0, n).copyTo(out, (int) p.offset());
            arrivals.add(new TcpStream.Arrival(p.offset(), n, p.timeNanos()));
        }
        List<TcpStream.Gap> gaps = new ArrayList<>();
        long pos = 0;
        for (Piece p : pieces.values()) {
            if (p.offset() > pos) {
                gaps.add(gap(pos, p.offset()));
            }
            pos = Math.max(pos, p.end());
        }
        long knownEnd = Math.max(pos, Math.max(finOffset, notCapturedEnd));
        if (knownEnd > pos) {
            gaps.add(gap(pos, knownEnd));
        }
        return new TcpStream(Bytes.wrap(out), arrivals, gaps, retransmitted, differed, finNanos, rstNanos);
    }

    /** A hole {@code [from, to)}: not captured if the snaplen cut any of it, else lost. */
    private TcpStream.Gap gap(long from, long to) {
        boolean cut = false;
        for (Map.Entry<Long, Long> r : notCaptured.headMap(to, false).entrySet()) {
            if (r.getValue() > from) {
                cut = true;
                break;
            }
        }
        return new TcpStream.Gap(from, to - from, cut ? TcpStream.Gap.Cause.NOT_CAPTURED : TcpStream.Gap.Cause.LOST);
    }
}
