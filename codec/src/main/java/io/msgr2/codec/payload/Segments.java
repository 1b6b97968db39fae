package io.msgr2.codec.payload;

import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * The logical content of a frame: its tag and up to four segments (before padding,
 * encryption or compression). Control frames have one segment with alignment 8; MESSAGE
 * has header, front, middle and data with alignments 8, 8, 8 and 4096.
 */
public record Segments(Tag tag, List<Bytes> segments) {
    public static final int MAX = 4;
    public static final int CONTROL_ALIGNMENT = 8;
    public static final int PAGE_ALIGNMENT = 4096;

    public Segments {
        Objects.requireNonNull(tag, "tag is null");
        segments = List.copyOf(segments);
        if (segments.isEmpty() || segments.size() > MAX) {
            throw new IllegalArgumentException("1..4 segments, got " + segments.size());
        }
    }

    public static Segments control(Tag tag, Bytes payload) {
        return new Segments(tag, List.of(payload));
    }

    public Bytes get(int i) {
        return i < segments.size() ? segments.get(i) : Bytes.EMPTY;
    }

    /** num_segments: the index of the last non-empty segment plus one, at least 1. */
    public int count() {
        int n = segments.size();
        while (n > 1 && segments.get(n - 1).isEmpty()) {
            n--;
        }
        return n;
    }

    /** The alignment Ceph writes for segment {@code i} of a frame with this tag. */
    public static int alignment(Tag tag, int i) {
        return tag == Tag.MESSAGE && i == 3 ? PAGE_ALIGNMENT : CONTROL_ALIGNMENT;
    }

    public long totalLength() {
        long n = 0;
        for (Bytes b : segments) {
            n += b.length();
        }
        return n;
    }
}
