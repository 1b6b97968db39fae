package io.msgr2.spec.auth;

import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;

/**
 * What a completed authentication leaves for the connection.
 *
 * @param globalId the client's global id (from AUTH_DONE)
 * @param mode the connection mode the server chose
 * @param sessionKey keys AUTH_SIGNATURE's HMAC; empty without one (auth none: signatures are zeros)
 * @param connectionSecret keys secure mode; empty in crc mode
 * @param entity on a server: who the client proved to be (its entity name); empty on a client
 */
public record AuthOutcome(long globalId, ConnectionMode mode, Bytes sessionKey, Bytes connectionSecret,
                          java.util.Optional<io.msgr2.spec.wire.EntityName> entity) {
    public AuthOutcome(long globalId, ConnectionMode mode, Bytes sessionKey, Bytes connectionSecret) {
        this(globalId, mode, sessionKey, connectionSecret, java.util.Optional.empty());
    }

    public AuthOutcome withEntity(io.msgr2.spec.wire.EntityName name) {
        return new AuthOutcome(globalId, mode, sessionKey, connectionSecret, java.util.Optional.of(name));
    }
}
