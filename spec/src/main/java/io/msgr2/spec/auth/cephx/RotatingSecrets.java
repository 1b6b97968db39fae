package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.UTime;
import io.vavr.control.Either;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code RotatingSecrets}: the secrets one service type's tickets are sealed with, by
 * secret id. A mon keeps three per service (previous, current, next) and seals new tickets
 * with the middle one; daemons fetch theirs with {@code GET_ROTATING_KEY}.
 *
 * <pre>
 * u8 1 | map&lt;le64 secret_id, ExpiringCryptoKey (u8 1, CryptoKey, utime expiration)&gt; | le64 max_ver
 * </pre>
 */
public record RotatingSecrets(Map<Long, Expiring> secrets, long maxVer) {
    public record Expiring(CryptoKey key, UTime expiration) {}

    public RotatingSecrets {
        secrets = Map.copyOf(secrets);
    }

    /** One secret, id 1: what a Java service and a Java mon share when given one key. */
    public static RotatingSecrets single(CryptoKey key) {
        return new RotatingSecrets(Map.of(1L, new Expiring(key, UTime.ZERO)), 1);
    }

    /** Ceph's fresh set: ids 1, 2, 3 expiring one, two and three ttl from now. */
    public static Made fresh(Entropy entropy, UTime now, int ttl) {
        return fresh(CryptoKey.TYPE_AES, entropy, now, ttl);
    }

    /** The same with keys of {@code type} (a Tentacle mon's {@code auth_service_cipher}, aes256k by default). */
    public static Made fresh(int type, Entropy entropy, UTime now, int ttl) {
        Map<Long, Expiring> m = new TreeMap<>();
        Entropy e = entropy;
        for (long id = 1; id <= 3; id++) {
            CryptoKey.Made k = CryptoKey.random(type, e, now);
            e = k.entropy();
            m.put(id, new Expiring(k.key(), new UTime((int) (now.secondsUnsigned() + id * ttl), now.nanos())));
        }
        return new Made(new RotatingSecrets(m, 3), e);
    }

    public record Made(RotatingSecrets secrets, Entropy entropy) {}

    /** The id new tickets are sealed with: the middle of three, or the only one. */
    public long currentId() {
        var ids = new TreeMap<>(secrets).navigableKeySet();
        if (ids.isEmpty()) {
            return 0;
        }
        return ids.size() >= 2 ? ids.higher(ids.first()) : ids.first();
    }

    public Optional<CryptoKey> get(long secretId) {
        return Optional.ofNullable(secrets.get(secretId)).map(Expiring::key);
    }

    public Bytes encoded() {
        DencWriter w = new DencWriter();
        w.u8(1).u32(secrets.size());
        for (var e : new TreeMap<>(secrets).entrySet()) {
            w.u64(e.getKey()).u8(1);
            e.getValue().key().encode(w);
            w.u32(e.getValue().expiration().seconds()).u32(e.getValue().expiration().nanos());
        }
        w.u64(maxVer);
        return w.toBytes();
    }

    public static Either<String, RotatingSecrets> decode(Bytes b) {
        return decode(new DencReader(b));
    }

    /** Reads one from {@code r} (a mon's auth database holds one per service). */
    public static Either<String, RotatingSecrets> decode(DencReader r) {
        r.u8();
        int n = r.count(1 + 8 + 12 + 8);
        Map<Long, Expiring> m = new TreeMap<>();
        for (int i = 0; i < n && !r.failed(); i++) {
            long id = r.u64();
            r.u8();
            CryptoKey k = CryptoKey.decode(r);
            m.put(id, new Expiring(k, new UTime(r.u32(), r.u32())));
        }
        long max = r.u64();
        return r.failed() ? Either.left("RotatingSecrets does not decode") : Either.right(new RotatingSecrets(m, max));
    }
}
