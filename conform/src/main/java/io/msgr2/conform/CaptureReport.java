package io.msgr2.conform;

import java.util.List;

/** What {@link CaptureReplay} found: a report per session, the notes, and a last line. */
public record CaptureReport(List<SessionReport> sessions, List<String> notes) {
    public boolean identical() {
        return !sessions.isEmpty() && sessions.stream().allMatch(SessionReport::identical);
    }

    public long same() {
        return sessions.stream().mapToLong(SessionReport::same).sum();
    }

    public long total() {
        return sessions.stream().mapToLong(SessionReport::total).sum();
    }

    /** The last line of {@code msgr2 conform --pcap}: {@code identical: N of M bytes in S sessions}. */
    public String summary() {
        return String.format("identical: %d of %d bytes in %d sessions", same(), total(), sessions.size());
    }
}
