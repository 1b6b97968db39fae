package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.UTime;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tickets a mon hands out ({@code cephx_build_service_ticket_reply}), one entry per
 * service:
 *
 * <pre>
 * u8 1 | le32 n | n x ( le32 service_id | u8 1
 *                      | encrypt(key, CephXServiceTicket{u8 1, CryptoKey session_key, utime validity})
 *                      | u8 ticket_encrypted
 *                      | ticket_encrypted ? encrypt(old session key, bl(CephXTicketBlob)) : bl(CephXTicketBlob) )
 * </pre>
 *
 * The client's copy ({@code msg_a}) is encrypted with the client's own secret for the AUTH
 * ticket and with the AUTH session key for every other ticket; the blob is for the service.
 */
public final class ServiceTicketReply {
    private ServiceTicketReply() {}

    /** One ticket as the mon issues it. */
    public record Entry(EntityType service, CryptoKey sessionKey, UTime validity, TicketBlob blob) {}

    /**
     * The reply's bytes: every {@code msg_a} under {@code msgAKey}; the blob under
     * {@code ticketKey} when present (a reclaimed global_id's old session key).
     */
    public static Bytes build(List<Entry> entries, CryptoKey msgAKey, Optional<CryptoKey> ticketKey,
                              CephxCrypto.Sealer sealer) {
        DencWriter w = new DencWriter();
        w.u8(1).u32(entries.size());
        for (Entry e : entries) {
            w.u32(e.service().value()).u8(1);
            DencWriter msgA = new DencWriter();
            msgA.u8(1);
            e.sessionKey().encode(msgA);
            msgA.u32(e.validity().seconds()).u32(e.validity().nanos());
            w.raw(sealer.prefixed(msgAKey, KeyUsage.TICKET_SESSION_KEY, msgA.toBytes()));
            Bytes blobBl = new DencWriter().blob(e.blob().encoded()).toBytes();
            if (ticketKey.isPresent()) {
                w.u8(1).raw(sealer.prefixed(ticketKey.get(), KeyUsage.TICKET_BLOB, blobBl));
            } else {
                w.u8(0).raw(blobBl);
            }
        }
        return w.toBytes();
    }

    /**
     * Reads a reply from {@code r} ({@code verify_service_ticket_reply}): every {@code msg_a}
     * must decrypt under {@code msgAKey}; an encrypted blob under {@code oldSessionKey}.
     */
    public static Either<String, List<Entry>> verify(DencReader r, CryptoKey msgAKey, Optional<CryptoKey> oldSessionKey) {
        r.u8();
        int n = r.count(6);
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < n && !r.failed(); i++) {
            int service = r.u32();
            r.u8();
            Either<String, Bytes> msgA = CephxCrypto.decrypt(msgAKey, KeyUsage.TICKET_SESSION_KEY, r);
            if (msgA.isLeft()) {
                return Either.left("ticket " + i + ": " + msgA.getLeft());
            }
            DencReader m = new DencReader(msgA.get());
            m.u8();
            CryptoKey session = CryptoKey.decode(m);
            UTime validity = new UTime(m.u32(), m.u32());
            if (m.failed() || !session.usable()) {
                return Either.left("ticket " + i + ": the session key does not decode");
            }
            boolean encrypted = r.bool();
            Bytes blobBl;
            if (encrypted) {
                if (oldSessionKey.isEmpty()) {
                    return Either.left("ticket " + i + " is encrypted and we hold no old session key");
                }
                Either<String, Bytes> plain = CephxCrypto.decrypt(oldSessionKey.get(), KeyUsage.TICKET_BLOB, r);
                if (plain.isLeft()) {
                    return Either.left("ticket " + i + ": " + plain.getLeft());
                }
                blobBl = new DencReader(plain.get()).blob();
            } else {
                blobBl = r.blob();
            }
            DencReader b = new DencReader(blobBl);
            TicketBlob blob = TicketBlob.decode(b);
            if (r.failed() || b.failed() || service < 0 || service > 0xff) {
                return Either.left("ticket " + i + " does not decode");
            }
            out.add(new Entry(new EntityType(service), session, validity, blob));
        }
        return r.failed() ? Either.left("ticket reply does not decode: " + r.error().orElse("")) : Either.right(out);
    }
}
