package io.msgr2.spec.conn;

import java.time.Duration;

/**
 * Ceph's timing options: {@code ms_initial_backoff} (0.2 s), {@code ms_max_backoff} (15 s)
 * and {@code ms_connection_ready_timeout} (10 s).
 */
public record Timing(Duration initialBackoff, Duration maxBackoff, Duration readyTimeout) {
    public static final Timing CEPH_DEFAULTS = new Timing(Duration.ofMillis(200), Duration.ofSeconds(15),
            Duration.ofSeconds(10));

    /** The next handshake-phase backoff: initial, then doubled, capped; WAIT jumps to the cap. */
    public Duration next(Duration current, boolean afterWait) {
        if (afterWait) {
            return maxBackoff;
        }
        if (current.isZero()) {
            return initialBackoff;
        }
        Duration doubled = current.multipliedBy(2);
        return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }
}
