package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;

/**
 * {@code CephXAuthorizer}: how a client proves to a service (osd, mgr, mds, or a mon in
 * {@code GET_PRINCIPAL_SESSION_KEY}) that the mon gave it a ticket. The first part is the
 * same in every round; the encrypted {@link Authorize} changes when the service challenges.
 *
 * <pre>
 * u8 1 (AUTH_MODE_AUTHORIZER) | le64 global_id | le32 service_id | CephXTicketBlob
 *   | encrypt(ticket session key, CephXAuthorize)
 * </pre>
 */
public record Authorizer(long globalId, int serviceId, TicketBlob ticket, Bytes encryptedAuthorize) {
    /** {@code CephXAuthorize} (sent as version 2): the nonce and the answer to a challenge. */
    public record Authorize(long nonce, boolean haveChallenge, long serverChallengePlusOne) {
        public Bytes encoded() {
            return new DencWriter(18).u8(2).u64(nonce).bool(haveChallenge).u64(serverChallengePlusOne).toBytes();
        }

        public static Either<String, Authorize> decode(Bytes b) {
            DencReader r = new DencReader(b);
            int v = r.u8();
            long nonce = r.u64();
            boolean have = false;
            long plusOne = 0;
            if (v >= 2) {
                have = r.bool();
                plusOne = r.u64();
            }
            return r.failed() ? Either.left("CephXAuthorize does not decode") : Either.right(new Authorize(nonce, have,
                    plusOne));
        }
    }

    /** {@code CephXAuthorizeChallenge}: {@code u8 1 | le64 server_challenge}, sent bare-encrypted. */
    public static Bytes challenge(CryptoKey sessionKey, long serverChallenge, CephxCrypto.Sealer sealer) {
        return sealer.bare(sessionKey, KeyUsage.AUTHORIZE_CHALLENGE, new DencWriter(9).u8(1).u64(serverChallenge).toBytes());
    }

    public static Either<String, Long> openChallenge(CryptoKey sessionKey, Bytes payload) {
        return CephxCrypto.decryptBare(sessionKey, KeyUsage.AUTHORIZE_CHALLENGE, payload).flatMap(b -> {
            DencReader r = new DencReader(b);
            r.u8();
            long c = r.u64();
            return r.failed() ? Either.left("CephXAuthorizeChallenge does not decode") : Either.right(c);
        });
    }

    /**
     * {@code CephXAuthorizeReply}: {@code u8 v | le64 nonce_plus_one | (v >= 2) string connection_secret},
     * version 1 when there is no connection secret (crc mode).
     */
    public record Reply(long noncePlusOne, Bytes connectionSecret) {
        public Bytes encoded() {
            DencWriter w = new DencWriter();
            w.u8(connectionSecret.isEmpty() ? 1 : 2).u64(noncePlusOne);
            if (!connectionSecret.isEmpty()) {
                w.blob(connectionSecret);
            }
            return w.toBytes();
        }

        public static Either<String, Reply> decode(Bytes b) {
            DencReader r = new DencReader(b);
            int v = r.u8();
            long n = r.u64();
            Bytes secret = v >= 2 ? r.blob() : Bytes.EMPTY;
            return r.failed() ? Either.left("CephXAuthorizeReply does not decode") : Either.right(new Reply(n, secret));
        }
    }

    /** Builds one for a ticket and its session key. */
    public static Authorizer build(long globalId, int serviceId, TicketBlob ticket, CryptoKey sessionKey,
                                   Authorize authorize, CephxCrypto.Sealer sealer) {
        return new Authorizer(globalId, serviceId, ticket, sealer.prefixed(sessionKey, KeyUsage.AUTHORIZE,
                authorize.encoded()));
    }

    public Bytes encoded() {
        DencWriter w = new DencWriter();
        w.u8(Cephx.AUTH_MODE_AUTHORIZER).u64(globalId).u32(serviceId);
        ticket.encode(w);
        w.raw(encryptedAuthorize);
        return w.toBytes();
    }

    /** Reads one from {@code r}; the encrypted part stays encrypted (its key is in the ticket). */
    public static Authorizer decode(DencReader r) {
        r.u8();
        long gid = r.u64();
        int service = r.u32();
        TicketBlob t = TicketBlob.decode(r);
        Bytes enc = r.blob();
        Bytes lp = new DencWriter(4 + enc.length()).blob(enc).toBytes();
        return new Authorizer(gid, service, t, lp);
    }

    /** The {@link Authorize} inside, under the ticket's session key. */
    public Either<String, Authorize> open(CryptoKey sessionKey) {
        return CephxCrypto.decrypt(sessionKey, KeyUsage.AUTHORIZE, new DencReader(encryptedAuthorize))
                .flatMap(Authorize::decode);
    }
}
