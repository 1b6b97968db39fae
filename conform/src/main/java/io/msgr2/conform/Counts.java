package io.msgr2.conform;

import io.msgr2.spec.frame.Message;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The bytes of a replay, by where they came from (docs/conform.md, "What the counts mean").
 *
 * @param compared the bytes of Ceph's stream our side made and that were compared with them
 * @param same how many of the compared bytes were identical, up to the first difference
 * @param taken the bytes of Ceph's stream our side put on the wire as the capture has them, by
 *     reason: Ceph's own, so neither compared nor identical
 * @param fed the application payloads (each MESSAGE's front, middle and data) handed to our
 *     side as input: bytes it was given, not made; sent plain they lie inside the compared bytes
 *     (our framing and CRCs of them are compared), compressed inside the taken ones
 */
public record Counts(long compared, long same, Map<TakenReason, Long> taken, long fed) {
    public static final Counts NONE = new Counts(0, 0, Map.of(), 0);

    public Counts {
        taken = Map.copyOf(taken);
    }

    /** Nothing replayed: all of Ceph's {@code total} bytes are still to compare, none the same. */
    public static Counts unreplayed(long total) {
        return new Counts(total, 0, Map.of(), 0);
    }

    /** The application payload of a message our side is handed: front, middle, data. */
    static long payload(Message m) {
        return m.front().length() + m.middle().length() + m.data().length();
    }

    public long taken(TakenReason why) {
        return taken.getOrDefault(why, 0L);
    }

    /** Every byte taken from the capture, whatever the reason. */
    public long takenTotal() {
        return taken.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Ceph's bytes this replay covered: compared plus taken. */
    public long total() {
        return compared + takenTotal();
    }

    public Counts plus(Counts o) {
        Map<TakenReason, Long> t = new EnumMap<>(TakenReason.class);
        Stream.of(taken, o.taken).forEach(m -> m.forEach((k, v) -> t.merge(k, v, Long::sum)));
        return new Counts(compared + o.compared, same + o.same, t, fed + o.fed);
    }

    /** {@code identical: S of C compared bytes} and {@code where}, then the taken and fed bytes. */
    public String summary(String where) {
        return String.format("identical: %d of %d compared bytes%s; taken from the capture: %d bytes (%s); "
                + "application payloads fed: %d bytes", same, compared, where, takenTotal(),
                Stream.of(TakenReason.values()).map(r -> r.text() + " " + taken(r)).collect(Collectors.joining(", ")),
                fed);
    }
}
