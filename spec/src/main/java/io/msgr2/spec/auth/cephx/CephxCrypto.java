package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * cephx's ciphers and envelope. Every cephx ciphertext encrypts an envelope:
 *
 * <pre>
 * u8 1 | le64 magic 0xff009cad8826aa55 | the encoded structure
 * </pre>
 *
 * with the key's cipher: type 1 ({@code aes}) is AES-128-CBC under a fixed IV
 * ({@code "cephsageyudagreg"}) with PKCS#7 padding, the key usage ignored; type 2
 * ({@code aes256k}) is {@link Aes256Krb5} under the call's {@link KeyUsage}, with a random
 * 16-byte confounder. It travels in one of two framings: length-prefixed
 * ({@code le32 len | ciphertext}, Ceph's {@code encode_encrypt}) or bare (the ciphertext
 * alone, Ceph's {@code encode_encrypt_enc_bl}). Decryption failures are values.
 */
public final class CephxCrypto {
    public static final long MAGIC = 0xff009cad8826aa55L;
    static final byte[] IV = "cephsageyudagreg".getBytes(StandardCharsets.US_ASCII);

    private CephxCrypto() {}

    /** AES-128-CBC with Ceph's IV and PKCS#7 padding (always 1..16 bytes of it). */
    public static Bytes aesEncrypt(CryptoKey key, Bytes plain) {
        try {
            Cipher c = io.msgr2.spec.Jca.cipher("AES/CBC/PKCS5Padding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.secret().toByteArray(), 0, CryptoKey.AES_KEY_LEN, "AES"),
                    new IvParameterSpec(IV));
            return Bytes.wrap(c.doFinal(plain.unsafeArray(), plain.unsafeOffset(), plain.length()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/CBC", e);
        }
    }

    /**
     * The inverse of {@link #aesEncrypt}: the ciphertext must be a non-zero multiple of 16;
     * like Ceph, the padding is stripped by its last byte (at most 16) without checking the
     * other pad bytes.
     */
    public static Either<String, Bytes> aesDecrypt(CryptoKey key, Bytes cipher) {
        if (cipher.isEmpty() || cipher.length() % 16 != 0) {
            return Either.left("ciphertext of " + cipher.length() + " bytes is not whole AES blocks");
        }
        byte[] plain;
        try {
            Cipher c = io.msgr2.spec.Jca.cipher("AES/CBC/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.secret().toByteArray(), 0, CryptoKey.AES_KEY_LEN, "AES"),
                    new IvParameterSpec(IV));
            plain = c.doFinal(cipher.unsafeArray(), cipher.unsafeOffset(), cipher.length());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/CBC", e);
        }
        int pad = Math.min(plain[plain.length - 1] & 0xff, 16);
        return Either.right(Bytes.wrap(plain, 0, plain.length - pad));
    }

    static Bytes envelope(Bytes struct) {
        return new DencWriter(9 + struct.length()).u8(1).u64(MAGIC).raw(struct).toBytes();
    }

    /**
     * The bare framing: the ciphertext of the envelope around {@code struct}. An aes256k key
     * needs a 16-byte {@code confounder}; an aes key ignores it (pass {@link Bytes#EMPTY}).
     */
    public static Bytes encryptBare(CryptoKey key, KeyUsage usage, Bytes struct, Bytes confounder) {
        return switch (key.type()) {
            case CryptoKey.TYPE_AES -> aesEncrypt(key, envelope(struct));
            case CryptoKey.TYPE_AES256K -> Aes256Krb5.encrypt(key.secret(), usage.number(), confounder, envelope(struct));
            default -> throw new IllegalArgumentException("cephx cannot encrypt with " + key);
        };
    }

    /** Decrypts a bare ciphertext under {@code usage} and checks the envelope: the structure's bytes. */
    public static Either<String, Bytes> decryptBare(CryptoKey key, KeyUsage usage, Bytes cipher) {
        if (!key.usable()) {
            return Either.left("not a usable cephx key: " + key);
        }
        Either<String, Bytes> plain = key.type() == CryptoKey.TYPE_AES256K
                ? Aes256Krb5.decrypt(key.secret(), usage.number(), cipher) : aesDecrypt(key, cipher);
        return plain.flatMap(p -> {
            DencReader r = new DencReader(p);
            r.u8();
            long magic = r.u64();
            if (r.failed()) {
                return Either.left("decrypted envelope is too short");
            }
            if (magic != MAGIC) {
                return Either.left("bad magic after decryption (wrong key?)");
            }
            return Either.right(p.slice(9));
        });
    }

    /** Reads a length-prefixed ciphertext from {@code r} and decrypts it under {@code usage}. */
    public static Either<String, Bytes> decrypt(CryptoKey key, KeyUsage usage, DencReader r) {
        Bytes c = r.blob();
        if (r.failed()) {
            return Either.left("truncated ciphertext: " + r.error().orElse(""));
        }
        return decryptBare(key, usage, c);
    }

    /**
     * The confounder a bare ciphertext under {@code key} was made with (the random value its
     * sender drew), if the key type has one (aes256k) and the ciphertext verifies; AES-128
     * has none. A replay of the sender needs it.
     */
    public static Optional<Bytes> confounder(CryptoKey key, KeyUsage usage, Bytes cipher) {
        return key.type() == CryptoKey.TYPE_AES256K
                ? Aes256Krb5.confounder(key.secret(), usage.number(), cipher).toJavaOptional()
                : Optional.empty();
    }

    /**
     * Encrypts within one pure step: draws each aes256k confounder from the entropy it was
     * given and hands back what is left ({@link #entropy()}). A local helper, like a builder:
     * make one per call, never share it.
     */
    public static final class Sealer {
        private Entropy entropy;

        public Sealer(Entropy entropy) {
            this.entropy = entropy;
        }

        public Entropy entropy() {
            return entropy;
        }

        /** {@code n} random bytes from the same entropy (session keys, secrets, nonces). */
        public Bytes random(int n) {
            Entropy.Drawn d = entropy.take(n);
            entropy = d.rest();
            return d.bytes();
        }

        /** The clock reading to stamp on something made now (see {@link Entropy#stamp}). */
        public io.msgr2.spec.wire.UTime stamp(io.msgr2.spec.wire.UTime now) {
            Entropy.Stamped s = entropy.stamp(now);
            entropy = s.rest();
            return s.time();
        }

        /** A fresh key of {@code type} drawn from the same entropy. */
        public CryptoKey key(int type, io.msgr2.spec.wire.UTime now) {
            CryptoKey.Made k = CryptoKey.random(type, entropy, now);
            entropy = k.entropy();
            return k.key();
        }

        /** The bare framing. */
        public Bytes bare(CryptoKey key, KeyUsage usage, Bytes struct) {
            Bytes confounder = Bytes.EMPTY;
            if (key.type() == CryptoKey.TYPE_AES256K) {
                Entropy.Drawn d = entropy.take(Aes256Krb5.CONFOUNDER_LEN);
                confounder = d.bytes();
                entropy = d.rest();
            }
            return encryptBare(key, usage, struct, confounder);
        }

        /** The length-prefixed framing: {@code le32 len | ciphertext}. */
        public Bytes prefixed(CryptoKey key, KeyUsage usage, Bytes struct) {
            Bytes c = bare(key, usage, struct);
            return new DencWriter(4 + c.length()).blob(c).toBytes();
        }
    }
}
