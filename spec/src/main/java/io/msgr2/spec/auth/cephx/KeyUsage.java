package io.msgr2.spec.auth.cephx;

/**
 * The key usage number of each cephx encryption: aes256k keys derive a different AES key and
 * HMAC key per usage (RFC 8009), so a ciphertext opens only under the usage it was made
 * with. AES-128 keys ignore it.
 */
public enum KeyUsage {
    /** The mon connection secret in AUTH_DONE (new AUTH session key). */
    AUTH_CONNECTION_SECRET(0x03),
    /** A ticket's {@code CephXServiceTicket} ("msg_a"), for the client. */
    TICKET_SESSION_KEY(0x04),
    /** A ticket bufferlist encrypted with the old AUTH session key (global_id reclaim). */
    TICKET_BLOB(0x05),
    /** {@code CephXAuthorize} inside an authorizer. */
    AUTHORIZE(0x10),
    /** {@code CephXAuthorizeChallenge} (bare). */
    AUTHORIZE_CHALLENGE(0x11),
    /** {@code CephXAuthorizeReply} (with the service connection secret). */
    AUTHORIZE_REPLY(0x12),
    /** {@code RotatingSecrets} in a GET_ROTATING_KEY reply (the daemon's own key). */
    ROTATING_SECRET(0x20),
    /** {@code CephXServiceTicketInfo}, the ticket blob (bare, rotating service secret). */
    TICKET_INFO(0x30);

    private final int number;

    KeyUsage(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
