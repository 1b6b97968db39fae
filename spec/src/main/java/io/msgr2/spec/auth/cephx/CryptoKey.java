package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.UTime;
import java.util.Base64;
import java.util.Optional;

/**
 * Ceph's {@code CryptoKey}: a key type, when it was made, and the secret. Its encoding is
 * also what a keyring's {@code key = AQ...} line holds in base64.
 *
 * <pre>
 * le16 type (1 = AES) | utime created | le16 len | len bytes secret
 * </pre>
 *
 * Type 1 ({@code aes}, Pacific's, base64 {@code AQ...}) is AES-128: the cipher uses the first
 * 16 bytes of the secret. Type 2 ({@code aes256k}, Tentacle's default, base64 {@code Ag...})
 * is a 32-byte RFC 8009 base key. AUTH_SIGNATURE's HMAC uses the whole secret of either.
 */
public record CryptoKey(int type, UTime created, Bytes secret) {
    public static final int TYPE_NONE = 0;
    public static final int TYPE_AES = 1;
    public static final int TYPE_AES256K = 2;
    /** An AES-128 key's length. */
    public static final int AES_KEY_LEN = 16;

    /** An AES key made at {@code created}. */
    public static CryptoKey aes(Bytes secret, UTime created) {
        return new CryptoKey(TYPE_AES, created, secret);
    }

    /** A fresh AES-128 key (session keys, rotating secrets), its bytes drawn from {@code entropy}. */
    public static Made random(Entropy entropy, UTime now) {
        return random(TYPE_AES, entropy, now);
    }

    /** A fresh key of {@code type} (16 random bytes for aes, 32 for aes256k). */
    public static Made random(int type, Entropy entropy, UTime now) {
        Entropy.Drawn d = entropy.take(type == TYPE_AES256K ? Aes256Krb5.KEY_LEN : AES_KEY_LEN);
        Entropy.Stamped created = d.rest().stamp(now);
        return new Made(new CryptoKey(type, created.time(), d.bytes()), created.rest());
    }

    /** Ceph's name of a key type: {@code aes}, {@code aes256k}, {@code none}. */
    public static String typeName(int type) {
        return switch (type) {
            case TYPE_NONE -> "none";
            case TYPE_AES -> "aes";
            case TYPE_AES256K -> "aes256k";
            default -> "type " + type;
        };
    }

    /** A key drawn from entropy, and the entropy after the draw. */
    public record Made(CryptoKey key, Entropy entropy) {}

    /** A key cephx can use: aes with at least 16 bytes of secret, or aes256k with 32. */
    public boolean usable() {
        return type == TYPE_AES && secret.length() >= AES_KEY_LEN
                || type == TYPE_AES256K && secret.length() == Aes256Krb5.KEY_LEN;
    }

    public void encode(DencWriter w) {
        w.u16(type);
        w.u32(created.seconds()).u32(created.nanos());
        w.u16(secret.length());
        w.raw(secret);
    }

    public Bytes encoded() {
        DencWriter w = new DencWriter();
        encode(w);
        return w.toBytes();
    }

    public static CryptoKey decode(DencReader r) {
        int type = r.u16();
        UTime created = new UTime(r.u32(), r.u32());
        int len = r.u16();
        return new CryptoKey(type, created, r.raw(len));
    }

    /** A keyring's base64 key ({@code AQ...}); empty if it is not base64 of a whole CryptoKey. */
    public static Optional<CryptoKey> fromBase64(String b64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(b64.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        DencReader r = new DencReader(Bytes.wrap(raw));
        CryptoKey k = decode(r);
        return r.failed() || r.remaining() != 0 ? Optional.empty() : Optional.of(k);
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(encoded().toByteArray());
    }

    @Override
    public String toString() {
        return "CryptoKey[" + typeName(type) + ", " + secret.length() + " bytes]";
    }
}
