package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * cephx's cipher and envelope. Every cephx ciphertext is AES-128-CBC under a fixed IV
 * ({@code "cephsageyudagreg"}) with PKCS#7 padding, over an envelope:
 *
 * <pre>
 * u8 1 | le64 magic 0xff009cad8826aa55 | the encoded structure
 * </pre>
 *
 * It travels in one of two framings: length-prefixed ({@code le32 len | ciphertext},
 * Ceph's {@code encode_encrypt}) or bare (the ciphertext alone, its length given by the
 * container, Ceph's {@code encode_encrypt_enc_bl}). Decryption failures are values.
 */
public final class CephxCrypto {
    public static final long MAGIC = 0xff009cad8826aa55L;
    static final byte[] IV = "cephsageyudagreg".getBytes(StandardCharsets.US_ASCII);

    private CephxCrypto() {}

    /** AES-128-CBC with Ceph's IV and PKCS#7 padding (always 1..16 bytes of it). */
    public static Bytes aesEncrypt(CryptoKey key, Bytes plain) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
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
        if (!key.usable()) {
            return Either.left("not an AES-128 key");
        }
        if (cipher.isEmpty() || cipher.length() % 16 != 0) {
            return Either.left("ciphertext of " + cipher.length() + " bytes is not whole AES blocks");
        }
        byte[] plain;
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.secret().toByteArray(), 0, CryptoKey.AES_KEY_LEN, "AES"),
                    new IvParameterSpec(IV));
            plain = c.doFinal(cipher.unsafeArray(), cipher.unsafeOffset(), cipher.length());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/CBC", e);
        }
        int pad = Math.min(plain[plain.length - 1] & 0xff, 16);
        return Either.right(Bytes.wrap(plain, 0, plain.length - pad));
    }

    /** The bare framing: the ciphertext of the envelope around {@code struct}. */
    public static Bytes encryptBare(CryptoKey key, Bytes struct) {
        DencWriter w = new DencWriter(9 + struct.length());
        w.u8(1).u64(MAGIC).raw(struct);
        return aesEncrypt(key, w.toBytes());
    }

    /** The length-prefixed framing: {@code le32 len | ciphertext}. */
    public static Bytes encrypt(CryptoKey key, Bytes struct) {
        Bytes c = encryptBare(key, struct);
        return new DencWriter(4 + c.length()).blob(c).toBytes();
    }

    /** Decrypts a bare ciphertext and checks the envelope: the structure's bytes. */
    public static Either<String, Bytes> decryptBare(CryptoKey key, Bytes cipher) {
        return aesDecrypt(key, cipher).flatMap(plain -> {
            DencReader r = new DencReader(plain);
            r.u8();
            long magic = r.u64();
            if (r.failed()) {
                return Either.left("decrypted envelope is too short");
            }
            if (magic != MAGIC) {
                return Either.left("bad magic after decryption (wrong key?)");
            }
            return Either.right(plain.slice(9));
        });
    }

    /** Reads a length-prefixed ciphertext from {@code r} and decrypts it. */
    public static Either<String, Bytes> decrypt(CryptoKey key, DencReader r) {
        Bytes c = r.blob();
        if (r.failed()) {
            return Either.left("truncated ciphertext: " + r.error().orElse(""));
        }
        return decryptBare(key, c);
    }
}
