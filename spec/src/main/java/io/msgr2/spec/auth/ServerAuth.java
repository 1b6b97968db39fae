package io.msgr2.spec.auth;

import io.msgr2.spec.conn.Env;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityType;

/**
 * The server side of one auth method, as a pure machine. It draws randomness and global ids
 * from the messenger's {@link Env} and gives it back.
 */
public interface ServerAuth {
    AuthMethod method();

    /** The first AUTH_REQUEST with this method: its payload, the connection mode already chosen. */
    Result onRequest(Bytes payload, EntityType peerType, ConnectionMode mode, Env env);

    /** AUTH_REQUEST_MORE. */
    Result onRequestMore(Bytes payload, Env env);

    sealed interface Result {
        /** Authentication is complete: send AUTH_DONE with this payload. */
        record Done(AuthOutcome outcome, Bytes payload, Env env) implements Result {}

        /** Send AUTH_REPLY_MORE with this payload and continue as {@code next}. */
        record More(Bytes payload, ServerAuth next, Env env) implements Result {}

        /** Refuse with AUTH_BAD_METHOD and this (negative errno) result. */
        record Refused(int errno, String reason) implements Result {}

        /** Not now (Ceph's -EBUSY): close the connection without an answer. */
        record Busy(String reason) implements Result {}
    }
}
