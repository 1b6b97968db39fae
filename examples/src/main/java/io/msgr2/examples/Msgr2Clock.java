package io.msgr2.examples;

import io.msgr2.spec.wire.UTime;
import java.time.Instant;

/** The wall clock as the spec takes time: a {@code utime_t}. */
final class Msgr2Clock {
    private Msgr2Clock() {}

    static UTime now() {
        Instant n = Instant.now();
        return new UTime((int) n.getEpochSecond(), n.getNano());
    }
}
