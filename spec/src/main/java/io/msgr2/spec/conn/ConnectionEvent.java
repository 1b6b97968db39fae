package io.msgr2.spec.conn;

/** What the application hears about (Ceph's dispatcher callbacks). */
public enum ConnectionEvent {
    /** We dialled and reached READY ({@code ms_handle_connect}). */
    CONNECTED,
    /** We accepted and reached READY ({@code ms_handle_accept}). */
    ACCEPTED,
    /** The connection is gone and will not come back: lossy fault or stop ({@code ms_handle_reset}). */
    RESET,
    /** The peer lost our session; queued messages were dropped ({@code ms_handle_remote_reset}). */
    REMOTE_RESET,
    /** The peer refused the TCP connection ({@code ms_handle_refused}). */
    REFUSED,
}
