package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;

/**
 * {@code CephXServiceTicketInfo}: what the ticket blob seals for the service: the ticket and
 * the session key the client was given for it.
 *
 * <pre>
 * u8 1 | AuthTicket | CryptoKey session_key
 * </pre>
 */
public record ServiceTicketInfo(AuthTicket ticket, CryptoKey sessionKey) {
    public Bytes encoded() {
        DencWriter w = new DencWriter();
        w.u8(1);
        ticket.encode(w);
        sessionKey.encode(w);
        return w.toBytes();
    }

    public static Either<String, ServiceTicketInfo> decode(Bytes b) {
        DencReader r = new DencReader(b);
        r.u8();
        AuthTicket t = AuthTicket.decode(r);
        CryptoKey k = CryptoKey.decode(r);
        return r.failed() ? Either.left("ticket info does not decode: " + r.error().orElse(""))
                : Either.right(new ServiceTicketInfo(t, k));
    }

    /** Seals this under {@code serviceSecret} as ticket {@code secretId} (bare, usage TICKET_INFO). */
    public TicketBlob seal(long secretId, CryptoKey serviceSecret, CephxCrypto.Sealer sealer) {
        return new TicketBlob(secretId, sealer.bare(serviceSecret, KeyUsage.TICKET_INFO, encoded()));
    }

    /** Opens a ticket blob with the service secret it names. */
    public static Either<String, ServiceTicketInfo> open(TicketBlob blob, CryptoKey serviceSecret) {
        return CephxCrypto.decryptBare(serviceSecret, KeyUsage.TICKET_INFO, blob.blob()).flatMap(ServiceTicketInfo::decode);
    }
}
