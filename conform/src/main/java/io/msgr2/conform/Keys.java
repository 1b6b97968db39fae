package io.msgr2.conform;

import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.UTime;
import io.vavr.control.Either;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What a user knows that the capture does not carry: a cephx secret ({@code --key}: the
 * client's, or a service's own), a service ticket's session key ({@code --session-key}), the
 * mon session that issued the tickets (or that an earlier session reclaims), and a mon's auth
 * database ({@code --mon-store}). Everything is optional; a replay or a dissection says which
 * one it needs when it is missing.
 */
public record Keys(Optional<CryptoKey> key, Optional<CryptoKey> sessionKey, Optional<Connection> monSession,
                   Optional<Bytes> monStore) {
    public static final Keys NONE = new Keys(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public Keys withKey(CryptoKey k) {
        return new Keys(Optional.of(k), sessionKey, monSession, monStore);
    }

    public Keys withSessionKey(CryptoKey k) {
        return new Keys(key, Optional.of(k), monSession, monStore);
    }

    public Keys withMonSession(Connection mon) {
        return new Keys(key, sessionKey, Optional.of(mon), monStore);
    }

    public Keys withMonStore(Bytes store) {
        return new Keys(key, sessionKey, monSession, Optional.of(store));
    }

    /** Whether the user gave a key of either kind (a dissection then tries to decrypt). */
    public boolean any() {
        return key.isPresent() || sessionKey.isPresent();
    }

    /** A cephx secret in Ceph's base64 form ({@code AQ...} AES-128, {@code Ag...} aes256k). */
    public static Either<String, CryptoKey> parseKey(String base64) {
        return CryptoKey.fromBase64(base64.trim()).filter(CryptoKey::usable)
                .map(Either::<String, CryptoKey>right)
                .orElseGet(() -> Either.left("not a base64 cephx key: " + base64));
    }

    /** A ticket session key: 32 hex digits (as Ceph's logs print it) or Ceph's base64 form. */
    public static Either<String, CryptoKey> parseSessionKey(String text) {
        String s = text.trim();
        if (s.matches("[0-9a-fA-F]{32}")) {
            return Either.right(CryptoKey.aes(Bytes.wrap(HexFormat.of().parseHex(s)), UTime.ZERO));
        }
        return CryptoKey.fromBase64(s).filter(CryptoKey::usable)
                .map(Either::<String, CryptoKey>right)
                .orElseGet(() -> Either.left("not a session key (32 hex digits or base64): " + text));
    }
}
