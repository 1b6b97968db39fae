package io.msgr2.conform;

import java.util.List;

/**
 * What a replay found: whether every byte our side made was Ceph's, the bytes by where they
 * came from ({@link Counts}: compared, taken from the capture, application payloads fed), and
 * the lines that say where and why.
 */
public record Report(boolean identical, Counts counts, List<String> lines) {
    /** The compared bytes that were identical, up to the first difference. */
    public long same() {
        return counts.same();
    }

    /** Ceph's bytes this replay covered: compared plus taken from the capture. */
    public long total() {
        return counts.total();
    }

    /**
     * The last line of {@code msgr2 conform}: {@code identical: S of C compared bytes; taken from
     * the capture: T bytes (compression X, missing keys Y); application payloads fed: F bytes}.
     */
    public String summary() {
        return counts.summary("");
    }
}
