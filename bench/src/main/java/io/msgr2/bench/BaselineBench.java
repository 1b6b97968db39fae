package io.msgr2.bench;

import io.msgr2.codec.Crc32c;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the codec targets are ratios of: the machine's bare CRC32C over {@code size} bytes
 * (the crc formats can be no faster), and bare AES-128-GCM decryption with tag check of the
 * same number of bytes (the secure formats can be no faster).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BaselineBench {
    @Param({"4096", "65536", "4194304"})
    public int size;

    byte[] buffer;
    byte[] gcmInput;
    byte[] gcmOutput;
    Cipher gcm;
    SecretKeySpec key;
    final byte[] iv = new byte[12];

    @Setup(Level.Trial)
    public void setup() throws Exception {
        JdkWarmup.crypto();
        buffer = new byte[size];
        new SplittableRandom(size).nextBytes(buffer);
        key = new SecretKeySpec(new byte[16], "AES");
        gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        gcmInput = gcm.doFinal(buffer);
        gcmOutput = new byte[size];
    }

    @Benchmark
    public int crc32c() {
        return Crc32c.segment(buffer, 0, size);
    }

    @Benchmark
    public int gcmDecrypt() throws Exception {
        gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return gcm.doFinal(gcmInput, 0, gcmInput.length, gcmOutput, 0);
    }
}
