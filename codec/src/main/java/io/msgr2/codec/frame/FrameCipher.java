package io.msgr2.codec.frame;

import io.msgr2.codec.Allocator;
import io.msgr2.spec.wire.Bytes;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128-GCM for one direction of a secure connection: a key, a 12-byte nonce that
 * advances after every GCM operation, no AAD, a 16-byte tag.
 *
 * <p>The nonce is {@code le32 fixed | le64 counter}. msgr2.1 increments the le64 counter
 * (bytes 4..11); msgr2.0 increments the le32 at bytes 0..3 instead. Sending refuses to use
 * the initial nonce a second time (Ceph's guard against the msgr2.0 wrap, CVE-2020-1759).
 * One {@link Cipher} instance is kept and re-initialised per operation.
 */
public final class FrameCipher {
    public static final int KEY_SIZE = 16;
    public static final int NONCE_SIZE = 12;
    public static final int TAG_SIZE = 16;
    public static final int BLOCK = 16;
    private static final int UPDATE_CHUNK = 1 << 20;

    private final SecretKeySpec key;
    private final boolean rev1;
    private final byte[] initial;
    private final byte[] nonce;
    private boolean usedInitial;
    private final Cipher gcm;
    private Cipher ctr;

    public FrameCipher(Bytes key, Bytes nonce, boolean rev1) {
        if (key.length() != KEY_SIZE || nonce.length() != NONCE_SIZE) {
            throw new IllegalArgumentException("AES-128-GCM needs a 16-byte key and a 12-byte nonce");
        }
        this.key = new SecretKeySpec(key.toByteArray(), "AES");
        this.rev1 = rev1;
        this.initial = nonce.toByteArray();
        this.nonce = nonce.toByteArray();
        try {
            this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/GCM/NoPadding", e);
        }
    }

    /** For tests of the wrap guard: a cipher whose next nonce is {@code current}, started at {@code initial}. */
    public static FrameCipher resumedAt(Bytes key, Bytes initial, Bytes current, boolean rev1) {
        FrameCipher c = new FrameCipher(key, initial, rev1);
        current.copyTo(c.nonce, 0);
        c.usedInitial = !Arrays.equals(c.nonce, c.initial);
        return c;
    }

    /** The nonce the next operation will use. */
    public Bytes nextNonce() {
        return Bytes.of(nonce);
    }

    public boolean rev1() {
        return rev1;
    }

    /**
     * Encrypts the concatenation of {@code pieces} with the next nonce: ciphertext then tag.
     * Empty when the nonces are used up.
     */
    public Optional<Bytes> seal(List<Bytes> pieces) {
        return seal(pieces, Allocator.HEAP);
    }

    /** {@link #seal(List)} into an array from {@code alloc}. */
    public Optional<Bytes> seal(List<Bytes> pieces, Allocator alloc) {
        int len = 0;
        for (Bytes p : pieces) {
            len += p.length();
        }
        byte[] out = alloc.allocate(len + TAG_SIZE);
        return sealInto(pieces, out, 0) < 0 ? Optional.empty() : Optional.of(Bytes.wrap(out));
    }

    /**
     * Encrypts the concatenation of {@code pieces} with the next nonce into {@code out} from
     * {@code at}: ciphertext then tag. Returns where it ended, or -1 when the nonces are used up
     * (nothing written). {@code out} must have room for the pieces and the tag.
     */
    public int sealInto(List<Bytes> pieces, byte[] out, int at) {
        if (Arrays.equals(nonce, initial)) {
            if (usedInitial) {
                return -1;
            }
            usedInitial = true;
        }
        int end = at + TAG_SIZE;
        for (Bytes p : pieces) {
            end += p.length();
        }
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_SIZE * 8, nonce));
            int w = at;
            for (Bytes p : pieces) {
                // at most 1 MiB per call: above that the JDK takes a path of its own, slower here
                for (int done = 0; done < p.length(); ) {
                    int n = Math.min(p.length() - done, UPDATE_CHUNK);
                    w += gcm.update(p.unsafeArray(), p.unsafeOffset() + done, n, out, w);
                    done += n;
                }
            }
            w += gcm.doFinal(out, w);
            if (w != end) {
                throw new IllegalStateException("GCM wrote " + (w - at) + " of " + (end - at) + " bytes");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        advance();
        return end;
    }

    /**
     * Runs {@code rounds} small seal/open pairs through the same JDK calls as real frames.
     * HotSpot compiles the JDK's AES-GCM into its AES-NI/CLMUL intrinsics only once the
     * calling methods are hot by invocation count; a connection that moves a few large
     * frames would otherwise decrypt at tens of MB/s for a long while. About 20,000 rounds
     * suffice; a driver runs this once per process, in the background (pure computation).
     */
    public static void warmUp(int rounds) {
        byte[] n1 = new byte[NONCE_SIZE];
        byte[] n2 = new byte[NONCE_SIZE];
        n2[0] = 1;
        Bytes key = Bytes.zeros(KEY_SIZE);
        FrameCipher tx = new FrameCipher(key, Bytes.wrap(n1), true);
        FrameCipher rx = new FrameCipher(key, Bytes.wrap(n1), true);
        Bytes piece = Bytes.wrap(n2).slice(0, 1);
        List<Bytes> frame = List.of(Bytes.zeros(32), Bytes.zeros(48), Bytes.zeros(944), piece);
        // now and then more than the JDK's 1 MiB split length, or HotSpot compiles that branch
        // as never taken and falls back to the slow path at the first large frame
        List<Bytes> large = List.of(Bytes.zeros(32), Bytes.zeros(1024 * 1024 + 4096), piece);
        for (int i = 0; i < rounds; i++) {
            // a large one first and often, so that the JIT compiles that branch with the rest
            Optional<Bytes> sealed = tx.seal(i % 50 == 0 ? large : frame);
            if (sealed.isEmpty() || rx.open(sealed.get(), io.msgr2.codec.Allocator.HEAP).isEmpty()) {
                return;
            }
        }
    }

    /**
     * Decrypts and verifies ciphertext-then-tag with the next nonce. Empty when the tag does
     * not verify. The nonce advances either way: the connection is over after a failure.
     */
    public Optional<Bytes> open(Bytes in, Allocator alloc) {
        if (in.length() < TAG_SIZE) {
            advance();
            return Optional.empty();
        }
        byte[] out = alloc.allocate(in.length() - TAG_SIZE);
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_SIZE * 8, nonce));
            int n = gcm.doFinal(in.unsafeArray(), in.unsafeOffset(), in.length(), out, 0);
            return Optional.of(Bytes.wrap(out, 0, n));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        } finally {
            advance();
        }
    }

    /**
     * The plaintext of the first {@code in.length()} bytes (a multiple of 16) of the next GCM
     * message, without verifying anything and without advancing the nonce: GCM is CTR mode
     * from counter block {@code nonce | 00 00 00 02}. msgr2.0 secure needs this to learn a
     * frame's length before its tag arrives.
     */
    public Bytes peekKeystream(Bytes in) {
        byte[] iv = Arrays.copyOf(nonce, BLOCK);
        iv[15] = 2;
        try {
            if (ctr == null) {
                ctr = Cipher.getInstance("AES/CTR/NoPadding");
            }
            ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
            return Bytes.wrap(ctr.doFinal(in.unsafeArray(), in.unsafeOffset(), in.length()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
    }

    private void advance() {
        if (rev1) {
            for (int i = 4; i < NONCE_SIZE; i++) {
                if (++nonce[i] != 0) {
                    return;
                }
            }
        } else {
            for (int i = 0; i < 4; i++) {
                if (++nonce[i] != 0) {
                    return;
                }
            }
        }
    }

    /** Rounds up to the AES block (16): the padded length of a secure segment. */
    public static int padded(int len) {
        return (len + BLOCK - 1) & -BLOCK;
    }
}
