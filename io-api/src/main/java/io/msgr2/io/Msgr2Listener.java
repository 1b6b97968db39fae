package io.msgr2.io;

import io.msgr2.spec.conn.CloseReason;
import io.msgr2.spec.frame.Message;

/**
 * What the application hears. Callbacks run on the connection's reader thread (deliveries of
 * one connection arrive in order); they may call {@link Msgr2Connection#send} and should
 * return promptly.
 */
public interface Msgr2Listener {
    /** We dialled and the session is READY. */
    default void onConnected(Msgr2Connection c) {}

    /** We accepted and the session is READY. */
    default void onAccepted(Msgr2Connection c) {}

    /**
     * A message arrived. Its segments are the application's to keep, unless the messenger's
     * {@link MessengerOptions#receiveBuffers} are {@link ReceiveBuffers#LOANED}: then they are
     * valid until this call returns.
     */
    default void onMessage(Msgr2Connection c, Message m) {}

    /** The connection is gone for good (a lossy fault, a stop). */
    default void onReset(Msgr2Connection c) {}

    /** The peer lost the session; what we had queued was dropped. */
    default void onRemoteReset(Msgr2Connection c) {}

    /** A TCP connection of this connection closed, and why (it may reconnect). */
    default void onTransportClosed(Msgr2Connection c, CloseReason reason) {}
}
