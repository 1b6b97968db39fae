package io.msgr2.conform;

import java.util.List;

/**
 * What the replay of one captured session found: its title (the two messengers, the
 * connections, the reconnects), whether every byte our side made was Ceph's, the bytes by
 * where they came from (both sides' replays together), and the lines that say where and why.
 */
public record SessionReport(String title, boolean identical, Counts counts, List<String> lines) {
    public long same() {
        return counts.same();
    }

    public long total() {
        return counts.total();
    }

    /** {@code session ...: identical} or {@code ...: S of C compared bytes identical}. */
    public String summary() {
        return "session " + title + ": " + (identical ? "identical"
                : counts.same() + " of " + counts.compared() + " compared bytes identical");
    }
}
