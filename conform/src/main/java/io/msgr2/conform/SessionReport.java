package io.msgr2.conform;

import java.util.List;

/**
 * What the replay of one captured session found: its title (the two messengers, the
 * connections, the reconnects), whether every byte our side sent was Ceph's, how many of how
 * many, and the lines that say where and why.
 */
public record SessionReport(String title, boolean identical, long same, long total, List<String> lines) {
    /** {@code session ...: identical} or {@code ...: N of M bytes identical}. */
    public String summary() {
        return "session " + title + ": " + (identical ? "identical" : same + " of " + total + " bytes identical");
    }
}
