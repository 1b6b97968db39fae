package io.msgr2.spec;

import io.msgr2.spec.wire.Bytes;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where the spec's random values come from: cookies, challenges, nonces, keys. The spec
 * has no random source of its own; an {@code Entropy} value is part of the state, arrives
 * with it, and every draw returns the value drawn and the next {@code Entropy}.
 *
 * <p>{@link #drbg(Bytes)} is HMAC_DRBG (NIST SP 800-90A, HMAC-SHA256): seeded once with 32
 * bytes from the platform's {@code SecureRandom} by the driver, it is as good as its seed;
 * seeded with a known value it makes simulations and tests reproducible.
 * {@link #scripted(List)} hands out given values in order, for replaying a captured
 * conversation whose random values are known.
 */
public sealed interface Entropy {
    /** {@code n} random bytes and what is left. */
    Drawn take(int n);

    record Drawn(Bytes bytes, Entropy rest) {
        public long asLong() {
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = v << 8 | bytes.u8(i);
            }
            return v;
        }
    }

    static Entropy drbg(Bytes seed) {
        return HmacDrbg.seeded(seed);
    }

    /** A reproducible stream for tests and the simulator. */
    static Entropy seeded(long seed) {
        byte[] s = new byte[32];
        for (int i = 0; i < 8; i++) {
            s[i] = (byte) (seed >>> (8 * i));
        }
        return drbg(Bytes.wrap(s));
    }

    /** Exactly these values, in this order (each draw must ask for the next value's size). */
    static Entropy scripted(List<Bytes> values) {
        return new Scripted(List.copyOf(values), 0, List.of(), 0);
    }

    /** The same, and these clock readings for {@link #stamp}, in order. */
    static Entropy scripted(List<Bytes> values, List<io.msgr2.spec.wire.UTime> stamps) {
        return new Scripted(List.copyOf(values), 0, List.copyOf(stamps), 0);
    }

    /** A time stamp and what is left. */
    record Stamped(io.msgr2.spec.wire.UTime time, Entropy rest) {}

    /**
     * The time to stamp on something made now (a cephx key's {@code created}). Ceph reads its
     * clock for each key it makes; within one step our spec uses the step's {@code now} for
     * all of them. Only a replay differs: it hands back the readings the captured side used.
     */
    default Stamped stamp(io.msgr2.spec.wire.UTime now) {
        return new Stamped(now, this);
    }

    /** A random u64 that is not 0 (cookies), drawing again on the rare 0. */
    default Drawn nonZeroLong() {
        Drawn d = take(8);
        return d.asLong() != 0 ? d : d.rest().nonZeroLong();
    }

    /** HMAC_DRBG with HMAC-SHA256, no reseeding, no additional input (SP 800-90A §10.1.2). */
    record HmacDrbg(Bytes key, Bytes value) implements Entropy {
        static HmacDrbg seeded(Bytes seed) {
            HmacDrbg d = new HmacDrbg(Bytes.zeros(32), Bytes.wrap(filled((byte) 1)));
            return d.update(seed);
        }

        @Override
        public Drawn take(int n) {
            byte[] out = new byte[n];
            Bytes v = value;
            for (int at = 0; at < n; at += 32) {
                v = hmac(key, v);
                v.slice(0, Math.min(32, n - at)).copyTo(out, at);
            }
            return new Drawn(Bytes.wrap(out), new HmacDrbg(key, v).update(Bytes.EMPTY));
        }

        private HmacDrbg update(Bytes data) {
            Bytes k = hmac(key, Bytes.concat(value, Bytes.of((byte) 0), data));
            Bytes v = hmac(k, value);
            if (data.isEmpty()) {
                return new HmacDrbg(k, v);
            }
            k = hmac(k, Bytes.concat(v, Bytes.of((byte) 1), data));
            return new HmacDrbg(k, hmac(k, v));
        }

        private static byte[] filled(byte b) {
            byte[] a = new byte[32];
            java.util.Arrays.fill(a, b);
            return a;
        }

        private static Bytes hmac(Bytes key, Bytes data) {
            try {
                Mac mac = Jca.mac("HmacSHA256");
                mac.init(new SecretKeySpec(key.toByteArray(), "HmacSHA256"));
                mac.update(data.unsafeArray(), data.unsafeOffset(), data.length());
                return Bytes.wrap(mac.doFinal());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks HmacSHA256", e);
            }
        }

        @Override
        public String toString() {
            return "HmacDrbg";
        }
    }

    /** Given values (and clock readings) in order; when the values run out, a DRBG seeded with zeros. */
    record Scripted(List<Bytes> values, int next, List<io.msgr2.spec.wire.UTime> stamps, int nextStamp)
            implements Entropy {
        public Scripted {
            Objects.requireNonNull(values, "values is null");
            Objects.requireNonNull(stamps, "stamps is null");
        }

        @Override
        public Stamped stamp(io.msgr2.spec.wire.UTime now) {
            return nextStamp < stamps.size()
                    ? new Stamped(stamps.get(nextStamp), new Scripted(values, next, stamps, nextStamp + 1))
                    : new Stamped(now, this);
        }

        @Override
        public Drawn take(int n) {
            if (next >= values.size()) {
                return drbg(Bytes.zeros(32)).take(n);
            }
            Bytes v = values.get(next);
            if (v.length() != n) {
                throw new IllegalStateException("scripted value " + next + " has " + v.length() + " bytes, "
                        + n + " were drawn");
            }
            return new Drawn(v, new Scripted(values, next + 1, stamps, nextStamp));
        }
    }
}
