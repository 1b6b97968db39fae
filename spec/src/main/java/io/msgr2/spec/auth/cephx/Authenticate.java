package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;

/**
 * {@code CephXAuthenticate}, the client's answer to the mon's challenge (after a
 * {@code CephXRequestHeader} of {@link Cephx#GET_AUTH_SESSION_KEY}):
 *
 * <pre>
 * u8 3 | le64 client_challenge | le64 key (the proof) | CephXTicketBlob old_ticket | le32 other_keys
 * </pre>
 *
 * {@code other_keys} is the mask of services the client wants tickets for (with the AUTH
 * bit); a mon sends no connection secret and no extra tickets when it is 0.
 */
public record Authenticate(int version, long clientChallenge, long key, TicketBlob oldTicket, int otherKeys) {
    public Bytes encoded() {
        DencWriter w = new DencWriter();
        w.u8(version).u64(clientChallenge).u64(key);
        oldTicket.encode(w);
        w.u32(otherKeys);
        return w.toBytes();
    }

    /** Reads one (version 1 has no other_keys). */
    public static Authenticate decode(DencReader r) {
        int v = r.u8();
        long cc = r.u64();
        long key = r.u64();
        TicketBlob old = TicketBlob.decode(r);
        int other = v >= 2 ? r.u32() : 0;
        return new Authenticate(v, cc, key, old, other);
    }

    /**
     * The proof ({@code cephx_calc_client_server_challenge}) over
     * {@code B = le64 server_challenge | le64 client_challenge}: for an aes key, encrypt B
     * (length-prefixed framing) and XOR those bytes as le64 words, a trailing part shorter
     * than 8 bytes left out; for an aes256k key (Tentacle), XOR the le64 words of
     * HMAC-SHA256(secret, B).
     */
    public static long proof(CryptoKey secret, long serverChallenge, long clientChallenge) {
        Bytes plain = new DencWriter(16).u64(serverChallenge).u64(clientChallenge).toBytes();
        DencReader r = new DencReader(secret.type() == CryptoKey.TYPE_AES256K ? hmacSha256(secret.secret(), plain)
                : new DencWriter().blob(CephxCrypto.aesEncrypt(secret, CephxCrypto.envelope(plain))).toBytes());
        long k = 0;
        while (r.remaining() >= 8) {
            k ^= r.u64();
        }
        return k;
    }

    private static Bytes hmacSha256(Bytes key, Bytes data) {
        try {
            javax.crypto.Mac m = io.msgr2.spec.Jca.mac("HmacSHA256");
            m.init(new javax.crypto.spec.SecretKeySpec(key.toByteArray(), "HmacSHA256"));
            return Bytes.wrap(m.doFinal(data.toByteArray()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }
}
