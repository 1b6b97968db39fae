package io.msgr2.conform;

import java.util.List;

/** What {@link Dissector#dump} found: its lines and a verdict. */
public record Dissection(List<String> lines, Verdict verdict) {
    /** Verified: every byte decoded and checked. Failed: a check failed or it is not msgr2. Opaque: part unread. */
    public enum Verdict {
        VERIFIED, FAILED, OPAQUE
    }
}
