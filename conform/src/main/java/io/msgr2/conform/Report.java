package io.msgr2.conform;

import java.util.List;

/**
 * What a replay found: whether our side sent exactly Ceph's bytes, how many of them were
 * the same (up to the first difference), of how many, how many were taken from the capture
 * because the keys that make them are missing, and the lines that say where and why.
 */
public record Report(boolean identical, long same, long total, long copied, List<String> lines) {
    /** The last line of {@code msgr2 conform}: {@code identical: N of M bytes}. */
    public String summary() {
        return String.format("identical: %d of %d bytes%s", same, total, copied == 0 ? ""
                : String.format(" (%d of them depend on keys the capture lacks and were taken from it)", copied));
    }
}
