package io.msgr2.conform;

import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.Keyring;
import io.msgr2.spec.auth.cephx.RotatingSecrets;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.vavr.control.Either;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mon's auth database as its store keeps it (the value of {@code auth/full_N}, printed by
 * {@code ceph-kvstore-tool ... get auth full_N}): {@code u8 v | le64 max_global_id |
 * KeyServerData} (u8 v, le64 version, le64 rotating_ver, the entities' {@code EntityAuth}
 * (key and caps), and per service the rotating secrets). With it, {@code conform} seals
 * tickets with the mon's real secrets instead of taking their insides from the capture.
 */
record MonStore(Keyring keyring, Map<EntityType, RotatingSecrets> rotating) {

    static Either<String, MonStore> read(Bytes b) {
        DencReader r = new DencReader(b);
        r.u8();
        r.u64();
        r.u8();
        r.u64();
        r.u64();
        int n = r.count(12);
        Map<EntityName, Keyring.Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < n && !r.failed(); i++) {
            EntityName name = new EntityName(new EntityType(r.u32()), r.string());
            int v = r.u8();
            if (v >= 2) {
                r.u64(); // auid
            }
            CryptoKey key = CryptoKey.decode(r);
            int caps = r.count(8);
            Map<String, String> m = new LinkedHashMap<>();
            for (int c = 0; c < caps && !r.failed(); c++) {
                String service = r.string();
                DencReader cap = new DencReader(r.blob());
                m.put(service, new String(cap.blob().toByteArray(), StandardCharsets.UTF_8));
            }
            if (v >= 3) {
                return Either.left("EntityAuth v" + v + " (with a pending key) is not read yet");
            }
            entries.put(name, new Keyring.Entry(key, m));
        }
        int services = r.count(5);
        Map<EntityType, RotatingSecrets> rotating = new LinkedHashMap<>();
        for (int i = 0; i < services && !r.failed(); i++) {
            EntityType type = new EntityType(r.u32());
            Either<String, RotatingSecrets> rs = RotatingSecrets.decode(r);
            if (rs.isLeft()) {
                return Either.left(rs.getLeft());
            }
            rotating.put(type, rs.get());
        }
        return r.failed() ? Either.left("the auth database does not decode: " + r.error().orElse(""))
                : Either.right(new MonStore(new Keyring(entries), rotating));
    }
}
