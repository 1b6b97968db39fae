package io.msgr2.spec.auth;

import io.msgr2.spec.conn.Env;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Bytes;

/**
 * The client side of one auth method, as a pure machine: a value that answers each server
 * frame with the next payload and the next value of itself. Randomness, time and the tickets
 * the messenger holds come in with the {@link Env} and go out with what is left of them.
 */
public interface ClientAuth {
    AuthMethod method();

    /** The payload of AUTH_REQUEST. */
    Result start(Env env);

    /** AUTH_REPLY_MORE arrived: the payload of AUTH_REQUEST_MORE. */
    Result onReplyMore(Bytes payload, Env env);

    /** AUTH_DONE arrived: what it establishes, or why it is not acceptable. */
    Result onDone(AuthDone done, Env env);

    /** One step of a client auth machine. */
    sealed interface Result {
        /** Send this payload; continue as {@code next}. */
        record Send(Bytes payload, ClientAuth next, Env env) implements Result {}

        /** Authentication is complete. */
        record Done(AuthOutcome outcome, Env env) implements Result {}

        /** The method cannot go on (a wrong key, a malformed server payload). */
        record Failed(String reason) implements Result {}
    }
}
