package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * aes256-cts-hmac-sha384-192 (RFC 8009), the cipher of cephx {@code aes256k} keys (type 2):
 *
 * <pre>
 * Ke = KDF(K, BE32(usage) | 0xAA, 256), Ki = KDF(K, BE32(usage) | 0x55, 192)
 *      with KDF(K, label, bits) = HMAC-SHA384(K, BE32(1) | label | 0x00 | BE32(bits)), truncated
 * encrypt: C = AES-256-CBC-CTS(Ke, IV 0, confounder(16) | P); H = HMAC-SHA384(Ki, IV 0 | C)[0..24)
 *          output C | H (16 + len(P) + 24 bytes)
 * </pre>
 *
 * Ciphertext stealing (Kerberos' CBC-CS3) is not in the JDK, so it is built here on
 * {@code AES/CBC/NoPadding} and {@code AES/ECB/NoPadding}. The confounder is an input.
 */
public final class Aes256Krb5 {
    public static final int KEY_LEN = 32;
    public static final int CONFOUNDER_LEN = 16;
    public static final int HMAC_LEN = 24;
    private static final int BLOCK = 16;
    private static final byte[] IV0 = new byte[BLOCK];

    private Aes256Krb5() {}

    /** RFC 8009's KDF-HMAC-SHA2 for one usage and label byte (0xAA: Ke, 0x55: Ki, 0x99: Kc). */
    public static Bytes derive(Bytes base, int usage, int labelByte, int bits) {
        byte[] in = new byte[4 + 5 + 1 + 4];
        put32(in, 0, 1);
        put32(in, 4, usage);
        in[8] = (byte) labelByte;
        in[9] = 0;
        put32(in, 10, bits);
        return Bytes.wrap(hmac384(base.toByteArray(), in)).slice(0, bits / 8);
    }

    public static Bytes encrypt(Bytes base, int usage, Bytes confounder, Bytes plain) {
        if (confounder.length() != CONFOUNDER_LEN) {
            throw new IllegalArgumentException("a confounder has 16 bytes");
        }
        byte[] ke = derive(base, usage, 0xAA, 256).toByteArray();
        byte[] ki = derive(base, usage, 0x55, 192).toByteArray();
        byte[] c = ctsEncrypt(ke, Bytes.concat(confounder, plain).toByteArray());
        byte[] h = mac(ki, c);
        return Bytes.concat(Bytes.wrap(c), Bytes.wrap(h, 0, HMAC_LEN));
    }

    /** Verifies the HMAC (before decrypting), decrypts, drops the confounder. */
    public static Either<String, Bytes> decrypt(Bytes base, int usage, Bytes in) {
        if (in.length() < CONFOUNDER_LEN + HMAC_LEN) {
            return Either.left("aes256k ciphertext of " + in.length() + " bytes is shorter than 40");
        }
        byte[] ke = derive(base, usage, 0xAA, 256).toByteArray();
        byte[] ki = derive(base, usage, 0x55, 192).toByteArray();
        byte[] c = in.slice(0, in.length() - HMAC_LEN).toByteArray();
        byte[] h = in.slice(in.length() - HMAC_LEN).toByteArray();
        byte[] expect = java.util.Arrays.copyOf(mac(ki, c), HMAC_LEN);
        if (!MessageDigest.isEqual(expect, h)) {
            return Either.left("aes256k HMAC mismatch (wrong key or usage)");
        }
        byte[] x = ctsDecrypt(ke, c);
        return Either.right(Bytes.wrap(x, CONFOUNDER_LEN, x.length - CONFOUNDER_LEN));
    }

    /**
     * The confounder a ciphertext was made with (after checking its HMAC): the random value
     * the sender drew, which a replay of the sender needs (msgr2 conform).
     */
    public static Either<String, Bytes> confounder(Bytes base, int usage, Bytes in) {
        return decrypt(base, usage, in).map(p -> {
            byte[] c = in.slice(0, in.length() - HMAC_LEN).toByteArray();
            byte[] x = ctsDecrypt(derive(base, usage, 0xAA, 256).toByteArray(), c);
            return Bytes.wrap(x, 0, CONFOUNDER_LEN);
        });
    }

    private static byte[] mac(byte[] ki, byte[] c) {
        try {
            Mac m = io.msgr2.spec.Jca.mac("HmacSHA384");
            m.init(new SecretKeySpec(ki, "HmacSHA384"));
            m.update(IV0);
            return m.doFinal(c);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA384", e);
        }
    }

    /** CBC-CS3 with IV 0: the last two blocks swapped, the final one cut to the plaintext's length. */
    static byte[] ctsEncrypt(byte[] key, byte[] x) {
        int n = x.length;
        int m = (n + BLOCK - 1) / BLOCK;
        byte[] padded = java.util.Arrays.copyOf(x, m * BLOCK);
        byte[] c = cbc(Cipher.ENCRYPT_MODE, key, padded);
        if (m == 1) {
            return c;
        }
        int r = n - BLOCK * (m - 1);
        byte[] out = new byte[n];
        System.arraycopy(c, 0, out, 0, BLOCK * (m - 2));
        System.arraycopy(c, BLOCK * (m - 1), out, BLOCK * (m - 2), BLOCK);
        System.arraycopy(c, BLOCK * (m - 2), out, BLOCK * (m - 1), r);
        return out;
    }

    static byte[] ctsDecrypt(byte[] key, byte[] z) {
        int n = z.length;
        int m = (n + BLOCK - 1) / BLOCK;
        if (m == 1) {
            return cbc(Cipher.DECRYPT_MODE, key, z);
        }
        int r = n - BLOCK * (m - 1);
        byte[] y = java.util.Arrays.copyOfRange(z, BLOCK * (m - 2), BLOCK * (m - 1));
        byte[] d = ecbDecrypt(key, y);
        byte[] full = new byte[BLOCK * (m - 1)];
        System.arraycopy(z, 0, full, 0, BLOCK * (m - 2));
        System.arraycopy(z, BLOCK * (m - 1), full, BLOCK * (m - 2), r);
        System.arraycopy(d, r, full, BLOCK * (m - 2) + r, BLOCK - r);
        byte[] head = cbc(Cipher.DECRYPT_MODE, key, full);
        byte[] out = java.util.Arrays.copyOf(head, n);
        for (int i = 0; i < r; i++) {
            out[BLOCK * (m - 1) + i] = (byte) (d[i] ^ z[BLOCK * (m - 1) + i]);
        }
        return out;
    }

    private static byte[] cbc(int mode, byte[] key, byte[] data) {
        try {
            Cipher c = io.msgr2.spec.Jca.cipher("AES/CBC/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(IV0));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/CBC", e);
        }
    }

    private static byte[] ecbDecrypt(byte[] key, byte[] block) {
        try {
            Cipher c = io.msgr2.spec.Jca.cipher("AES/ECB/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
            return c.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/ECB", e);
        }
    }

    private static byte[] hmac384(byte[] key, byte[] data) {
        try {
            Mac m = io.msgr2.spec.Jca.mac("HmacSHA384");
            m.init(new SecretKeySpec(key, "HmacSHA384"));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA384", e);
        }
    }

    private static void put32(byte[] a, int at, int v) {
        a[at] = (byte) (v >>> 24);
        a[at + 1] = (byte) (v >>> 16);
        a[at + 2] = (byte) (v >>> 8);
        a[at + 3] = (byte) v;
    }
}
