package io.msgr2.bench;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * HotSpot compiles the JDK's AES-GCM loop (and with it the AES/GHASH intrinsics) only after
 * many calls. A benchmark that makes a few large calls per second would otherwise measure
 * the interpreter (60 MB/s instead of 3 GB/s here), and inputs of megabytes take a branch
 * of their own that small ones do not warm. A real connection makes many small
 * GCM calls (every frame's preamble block), so it is warm; so are we, before measuring.
 */
final class JdkWarmup {
    private static boolean done;

    private JdkWarmup() {}

    static synchronized void crypto() throws Exception {
        if (done) {
            return;
        }
        SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] plain = new byte[16384];
        byte[] iv = new byte[12];
        for (int i = 0; i < 30_000; i++) {
            iv[0] = (byte) i;
            iv[1] = (byte) (i >> 8);
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(plain);
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.doFinal(ct);
        }
        // inputs above about 1 MiB take another branch of the JDK's GCM code: warm it too
        byte[] big = new byte[4 << 20];
        byte[] out = new byte[big.length + 16];
        for (int i = 0; i < 60; i++) {
            iv[2] = (byte) (i + 1);
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            int n = c.doFinal(big, 0, big.length, out, 0);
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.doFinal(out, 0, n, big, 0);
        }
        done = true;
    }
}
