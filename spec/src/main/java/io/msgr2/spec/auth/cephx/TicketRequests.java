package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.Entropy;
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
 * The cephx requests that travel in {@code MAuth} after the handshake, both sides:
 *
 * <pre>
 * GET_PRINCIPAL_SESSION_KEY  le16 0x0200 | CephXAuthorizer (AUTH ticket, no challenge) | u8 1, le32 keys
 *   reply                    le16 0x0200, s32 status | tickets (msg_a under the AUTH session key)
 * GET_ROTATING_KEY           le16 0x0400
 *   reply                    le16 0x0400, s32 status | encrypt(the entity's key, RotatingSecrets)
 * </pre>
 */
public final class TicketRequests {
    private TicketRequests() {}

    public record Built(Bytes payload, Entropy entropy) {}

    /** A client asks for tickets to the services in {@code keys}, presenting its AUTH ticket. */
    public static Either<String, Built> principal(Tickets tickets, int keys, Entropy entropy) {
        Optional<Tickets.Held> auth = tickets.get(EntityType.AUTH);
        if (auth.isEmpty()) {
            return Either.left("no AUTH ticket: authenticate with a mon first");
        }
        Entropy.Drawn nonce = entropy.take(8);
        CephxCrypto.Sealer sealer = new CephxCrypto.Sealer(nonce.rest());
        DencWriter w = new DencWriter();
        w.u16(Cephx.GET_PRINCIPAL_SESSION_KEY);
        w.raw(Authorizer.build(tickets.globalId(), EntityType.AUTH.value(), auth.get().blob(), auth.get().sessionKey(),
                new Authorizer.Authorize(nonce.asLong(), false, 0), sealer).encoded());
        w.u8(1).u32(keys);
        return Either.right(new Built(w.toBytes(), sealer.entropy()));
    }

    /** The client reads the reply into its tickets. */
    public static Either<String, Tickets> principalReply(Bytes resultBl, Tickets tickets, UTime now) {
        Optional<Tickets.Held> auth = tickets.get(EntityType.AUTH);
        if (auth.isEmpty()) {
            return Either.left("no AUTH session key");
        }
        DencReader r = new DencReader(resultBl);
        int type = r.u16();
        int status = r.u32();
        if (r.failed() || type != Cephx.GET_PRINCIPAL_SESSION_KEY) {
            return Either.left("not a GET_PRINCIPAL_SESSION_KEY reply");
        }
        if (status != 0) {
            return Either.left("the mon answered status " + status);
        }
        return ServiceTicketReply.verify(r, auth.get().sessionKey(), Optional.empty())
                .map(entries -> tickets.with(tickets.globalId(), entries, now));
    }

    /** A daemon asks for its service's rotating secrets. */
    public static Bytes rotating() {
        return new DencWriter(2).u16(Cephx.GET_ROTATING_KEY).toBytes();
    }

    public static Either<String, RotatingSecrets> rotatingReply(Bytes resultBl, CryptoKey ownKey) {
        DencReader r = new DencReader(resultBl);
        int type = r.u16();
        int status = r.u32();
        if (r.failed() || type != Cephx.GET_ROTATING_KEY) {
            return Either.left("not a GET_ROTATING_KEY reply");
        }
        if (status != 0) {
            return Either.left("the mon answered status " + status);
        }
        return CephxCrypto.decrypt(ownKey, KeyUsage.ROTATING_SECRET, r).flatMap(RotatingSecrets::decode);
    }

    /** What a mon answers: the reply bytes, or a negative errno. */
    public record Answer(int result, Bytes resultBl, Entropy entropy) {}

    /**
     * A mon-role server answers an MAuth cephx request from {@code peer} (the name the
     * connection authenticated as): principal tickets or rotating secrets.
     */
    public static Answer answer(KeyServer ks, io.msgr2.spec.wire.EntityName peer, Bytes payload, Entropy entropy,
                                UTime now) {
        DencReader r = new DencReader(payload);
        int type = r.u16();
        if (r.failed()) {
            return new Answer(-Cephx.EPERM, Bytes.EMPTY, entropy);
        }
        if (type == Cephx.GET_ROTATING_KEY) {
            Optional<Keyring.Entry> e = ks.keyring().get(peer);
            RotatingSecrets rs = ks.rotating().get(peer.type());
            if (e.isEmpty() || rs == null) {
                return new Answer(-Cephx.EPERM, Bytes.EMPTY, entropy);
            }
            CephxCrypto.Sealer sealer = new CephxCrypto.Sealer(entropy);
            DencWriter w = new DencWriter();
            w.u16(Cephx.GET_ROTATING_KEY).u32(0).raw(sealer.prefixed(e.get().key(), KeyUsage.ROTATING_SECRET,
                    rs.encoded()));
            return new Answer(0, w.toBytes(), sealer.entropy());
        }
        if (type != Cephx.GET_PRINCIPAL_SESSION_KEY) {
            return new Answer(-Cephx.EINVAL, Bytes.EMPTY, entropy);
        }
        Authorizer az = Authorizer.decode(r);
        r.u8();
        int keys = r.u32();
        if (r.failed()) {
            return new Answer(-Cephx.EPERM, Bytes.EMPTY, entropy);
        }
        Either<String, ServiceTicketInfo> info = Optional.ofNullable(ks.rotating().get(EntityType.AUTH))
                .flatMap(rs -> rs.get(az.ticket().secretId()))
                .map(k -> ServiceTicketInfo.open(az.ticket(), k))
                .orElse(Either.left("no such AUTH secret"));
        if (info.isLeft() || info.get().ticket().globalId() != az.globalId() || az.open(info.get().sessionKey()).isLeft()) {
            return new Answer(-Cephx.EACCES, Bytes.EMPTY, entropy);
        }
        AuthTicket t = info.get().ticket();
        Optional<Keyring.Entry> entity = ks.keyring().get(t.name());
        List<ServiceTicketReply.Entry> out = new ArrayList<>();
        CephxCrypto.Sealer sealer = new CephxCrypto.Sealer(entropy);
        int keyType = entity.map(en -> en.key().type()).orElse(info.get().sessionKey().type());
        for (EntityType s : Cephx.services(keys & ~EntityType.AUTH.value())) {
            Bytes caps = entity.map(en -> ks.ticketCaps(en, s)).orElse(Bytes.EMPTY);
            ks.issue(t.name(), t.globalId(), s, caps, keyType, sealer, now).ifPresent(out::add);
        }
        DencWriter w = new DencWriter();
        w.u16(Cephx.GET_PRINCIPAL_SESSION_KEY).u32(0)
                .raw(ServiceTicketReply.build(out, info.get().sessionKey(), Optional.empty(), sealer));
        return new Answer(0, w.toBytes(), sealer.entropy());
    }
}
