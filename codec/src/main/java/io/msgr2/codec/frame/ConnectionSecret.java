package io.msgr2.codec.frame;

import io.msgr2.spec.Role;
import io.msgr2.spec.wire.Bytes;

/**
 * How secure mode splits the connection secret that auth (cephx) produces: bytes 0..15 are
 * the AES-128 key for both directions; 16..27 start the server-to-client nonce; 28..39 the
 * client-to-server nonce. The rest (of 64) is unused.
 */
public final class ConnectionSecret {
    public static final int MIN_LENGTH = FrameCipher.KEY_SIZE + 2 * FrameCipher.NONCE_SIZE;

    private ConnectionSecret() {}

    /** Our receiving cipher. */
    public static FrameCipher rx(Bytes secret, Role us, boolean rev1) {
        return new FrameCipher(key(secret), us == Role.CLIENT ? serverToClient(secret) : clientToServer(secret), rev1);
    }

    /** Our sending cipher. */
    public static FrameCipher tx(Bytes secret, Role us, boolean rev1) {
        return new FrameCipher(key(secret), us == Role.CLIENT ? clientToServer(secret) : serverToClient(secret), rev1);
    }

    private static Bytes key(Bytes secret) {
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("a connection secret has at least 40 bytes, got " + secret.length());
        }
        return secret.slice(0, FrameCipher.KEY_SIZE);
    }

    private static Bytes serverToClient(Bytes secret) {
        return secret.slice(16, FrameCipher.NONCE_SIZE);
    }

    private static Bytes clientToServer(Bytes secret) {
        return secret.slice(28, FrameCipher.NONCE_SIZE);
    }
}
