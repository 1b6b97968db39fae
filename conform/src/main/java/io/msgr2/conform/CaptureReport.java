package io.msgr2.conform;

import java.util.List;

/** What {@link CaptureReplay} found: a report per session, the notes, and a last line. */
public record CaptureReport(List<SessionReport> sessions, List<String> notes) {
    public boolean identical() {
        return !sessions.isEmpty() && sessions.stream().allMatch(SessionReport::identical);
    }

    /** Every session's bytes together. */
    public Counts counts() {
        return sessions.stream().map(SessionReport::counts).reduce(Counts.NONE, Counts::plus);
    }

    public long same() {
        return counts().same();
    }

    public long total() {
        return counts().total();
    }

    /** The last line of {@code msgr2 conform --pcap}: {@code identical: S of C compared bytes in N sessions; ...}. */
    public String summary() {
        return counts().summary(" in " + sessions.size() + " sessions");
    }
}
