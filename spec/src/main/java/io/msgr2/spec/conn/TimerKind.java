package io.msgr2.spec.conn;

/** The timers a connection arms ({@link Effect.ArmTimer}) and is told about ({@link Input.TimerFired}). */
public enum TimerKind {
    /** {@code ms_connection_ready_timeout}: a handshake that has not reached READY in time faults. */
    READY_TIMEOUT,
    /** The reconnect backoff: when it fires, dial again. */
    BACKOFF,
}
