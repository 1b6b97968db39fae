package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.AuthOutcome;
import io.msgr2.spec.auth.ServerAuth;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server side of cephx. The first byte of AUTH_REQUEST's payload says which: 10..19 is
 * authentication with a mon (this server needs a {@link KeyServer}), 1..9 an authorizer for
 * a service (it needs the {@link ServiceSecrets} of its type). Every refusal is
 * AUTH_BAD_METHOD with Ceph's errno; a wrong key and an unknown entity look the same.
 */
public record CephxServer(Optional<KeyServer> keyServer, Optional<ServiceSecrets> service, Stage stage)
        implements ServerAuth {
    /** Where a connection's cephx exchange is. */
    public sealed interface Stage {
        record Start() implements Stage {}

        /** Mon role: the challenge was sent to {@code name}, who claimed {@code claimedGlobalId} (0: new). */
        record Challenged(EntityName name, long globalId, boolean reclaim, long serverChallenge, ConnectionMode mode)
                implements Stage {}

        /** Service role: our challenge to an authorizer. */
        record Authorizing(long serverChallenge, ConnectionMode mode) implements Stage {}
    }

    public CephxServer(Optional<KeyServer> keyServer, Optional<ServiceSecrets> service) {
        this(keyServer, service, new Stage.Start());
    }

    @Override
    public AuthMethod method() {
        return AuthMethod.CEPHX;
    }

    @Override
    public Result onRequest(Bytes payload, EntityType peerType, ConnectionMode mode, Env env) {
        if (payload.isEmpty()) {
            return refuse(Cephx.EACCES, "empty cephx payload");
        }
        int first = payload.u8(0);
        if (first >= Cephx.AUTH_MODE_MON && first <= Cephx.AUTH_MODE_MON_MAX) {
            return keyServer.isPresent() ? monRequest(payload, mode, env)
                    : refuse(Cephx.EACCES, "mon authentication asked of a server that is not a mon");
        }
        if (first >= Cephx.AUTH_MODE_AUTHORIZER && first <= Cephx.AUTH_MODE_AUTHORIZER_MAX) {
            return authorizer(payload, mode, Optional.empty(), env);
        }
        return refuse(Cephx.EACCES, "cephx auth mode " + first + " is neither mon (10..19) nor authorizer (1..9)");
    }

    @Override
    public Result onRequestMore(Bytes payload, Env env) {
        return switch (stage) {
            case Stage.Challenged c -> monAuthenticate(c, payload, env);
            case Stage.Authorizing a -> authorizer(payload, a.mode(), Optional.of(a.serverChallenge()), env);
            case Stage.Start s -> refuse(Cephx.EACCES, "AUTH_REQUEST_MORE before a challenge");
        };
    }

    private static Result refuse(int errno, String why) {
        return new Result.Refused(-errno, why);
    }

    /** Mon role, AUTH_REQUEST: read the name and global_id, allocate one if new, send the challenge. */
    private Result monRequest(Bytes payload, ConnectionMode mode, Env env) {
        DencReader r = new DencReader(payload);
        r.u8();
        int type = r.u32();
        String id = r.string();
        long gid = r.u64();
        if (r.failed() || type < 0 || type > 0xff) {
            return refuse(Cephx.EACCES, "the mon auth request does not decode");
        }
        Env e = env;
        boolean reclaim = gid != 0;
        if (!reclaim) {
            Env.Draw<Long> d = e.globalId();
            gid = d.value();
            e = d.env();
        }
        Entropy.Drawn ch = e.entropy().nonZeroLong();
        long challenge = ch.asLong();
        Bytes reply = new DencWriter(9).u8(1).u64(challenge).toBytes();
        Stage next = new Stage.Challenged(new EntityName(new EntityType(type), id), gid, reclaim, challenge, mode);
        return new Result.More(reply, new CephxServer(keyServer, service, next), e.withEntropy(ch.rest()));
    }

    /** Mon role, AUTH_REQUEST_MORE: check the proof and the old ticket, issue the AUTH ticket and what else was asked. */
    private Result monAuthenticate(Stage.Challenged c, Bytes payload, Env env) {
        KeyServer ks = keyServer.orElseThrow();
        DencReader r = new DencReader(payload);
        int type = r.u16();
        if (r.failed()) {
            return refuse(Cephx.EPERM, "no cephx request header");
        }
        if (type != Cephx.GET_AUTH_SESSION_KEY) {
            return refuse(Cephx.EINVAL, "request 0x" + Integer.toHexString(type) + " in the handshake");
        }
        Authenticate a = Authenticate.decode(r);
        if (r.failed()) {
            return refuse(Cephx.EPERM, "CephXAuthenticate does not decode");
        }
        Optional<Keyring.Entry> entity = ks.keyring().get(c.name());
        if (entity.isEmpty()) {
            return refuse(Cephx.EACCES, "unknown entity " + c.name());
        }
        int keyType = entity.get().key().type();
        if (!ks.allowedCiphers().contains(keyType)) {
            return refuse(Cephx.EACCES, "authentication failed due to unallowed cipher type: "
                    + CryptoKey.typeName(keyType));
        }
        if (Authenticate.proof(entity.get().key(), c.serverChallenge(), a.clientChallenge()) != a.key()) {
            return refuse(Cephx.EACCES, "wrong proof from " + c.name() + " (wrong key)");
        }
        Optional<CryptoKey> ticketKey = Optional.empty();
        if (!c.reclaim()) {
            if (!a.oldTicket().isEmpty()) {
                return refuse(Cephx.EINVAL, "a new global_id with a superfluous old ticket");
            }
        } else {
            Either<String, ServiceTicketInfo> old = Optional.ofNullable(ks.rotating().get(EntityType.AUTH))
                    .flatMap(rs -> rs.get(a.oldTicket().secretId()))
                    .map(k -> ServiceTicketInfo.open(a.oldTicket(), k))
                    .orElse(Either.left("no AUTH secret " + a.oldTicket().secretId()));
            if (old.isLeft() || old.get().ticket().globalId() != c.globalId()) {
                return refuse(Cephx.EACCES, "global_id " + c.globalId() + " cannot be reclaimed without its ticket");
            }
            ticketKey = Optional.of(old.get().sessionKey());
        }
        if (entity.get().capsFor("mon").isEmpty()) {
            return refuse(Cephx.EACCES, c.name() + " has no mon caps");
        }
        CephxCrypto.Sealer sealer = new CephxCrypto.Sealer(env.entropy());
        Optional<ServiceTicketReply.Entry> auth = ks.issue(c.name(), c.globalId(), EntityType.AUTH, Bytes.EMPTY,
                keyType, sealer, env.now());
        if (auth.isEmpty()) {
            return refuse(Cephx.EIO, "no rotating AUTH secret");
        }
        CryptoKey session = auth.get().sessionKey();
        DencWriter w = new DencWriter();
        w.u16(Cephx.GET_AUTH_SESSION_KEY).u32(0);
        w.raw(ServiceTicketReply.build(List.of(auth.get()), entity.get().key(), ticketKey, sealer));
        Bytes connectionSecret = Bytes.EMPTY;
        if (a.otherKeys() != 0) {
            if (c.mode().equals(ConnectionMode.SECURE)) {
                connectionSecret = sealer.random(Cephx.CONNECTION_SECRET_LEN);
            }
            w.blob(sealer.prefixed(session, KeyUsage.AUTH_CONNECTION_SECRET,
                    new DencWriter().blob(connectionSecret).toBytes()));
            List<ServiceTicketReply.Entry> extra = new ArrayList<>();
            for (EntityType t : Cephx.services(a.otherKeys() & ~EntityType.AUTH.value())) {
                ks.issue(c.name(), c.globalId(), t, ks.ticketCaps(entity.get(), t), keyType, sealer, env.now())
                        .ifPresent(extra::add);
            }
            w.blob(extra.isEmpty() ? Bytes.EMPTY : ServiceTicketReply.build(extra, session, Optional.empty(), sealer));
        }
        AuthOutcome outcome = new AuthOutcome(c.globalId(), c.mode(), session.secret(), connectionSecret)
                .withEntity(c.name());
        return new Result.Done(outcome, w.toBytes(), env.withEntropy(sealer.entropy()));
    }

    /**
     * Service role ({@code cephx_verify_authorizer}): open the ticket with our secret, the
     * authorize part with the ticket's session key; the first round always answers with a
     * challenge, the second must carry challenge + 1; then the reply proves we read the nonce.
     */
    private Result authorizer(Bytes payload, ConnectionMode mode, Optional<Long> challenge, Env env) {
        Optional<ServiceSecrets> secrets = service.or(() -> keyServer.map(k -> k.secretsFor(EntityType.MON)));
        if (secrets.isEmpty()) {
            return refuse(Cephx.EACCES, "an authorizer for a server without service secrets");
        }
        DencReader r = new DencReader(payload);
        Authorizer az = Authorizer.decode(r);
        if (r.failed()) {
            return refuse(Cephx.EACCES, "the authorizer does not decode");
        }
        Optional<CryptoKey> key = secrets.get().lookup(az.ticket().secretId());
        if (key.isEmpty() || !key.get().usable()) {
            return refuse(Cephx.EACCES, "no secret " + az.ticket().secretId() + " for the ticket");
        }
        Either<String, ServiceTicketInfo> info = ServiceTicketInfo.open(az.ticket(), key.get());
        if (info.isLeft()) {
            return refuse(Cephx.EACCES, "the ticket does not open: " + info.getLeft());
        }
        if (info.get().ticket().globalId() != az.globalId()) {
            return refuse(Cephx.EACCES, "the ticket is for another global_id");
        }
        CryptoKey session = info.get().sessionKey();
        Either<String, Authorizer.Authorize> auth = az.open(session);
        if (auth.isLeft()) {
            return refuse(Cephx.EACCES, "the authorizer does not open: " + auth.getLeft());
        }
        if (challenge.isEmpty()) {
            Entropy.Drawn ch = env.entropy().take(8);
            Stage next = new Stage.Authorizing(ch.asLong(), mode);
            CephxCrypto.Sealer sealer = new CephxCrypto.Sealer(ch.rest());
            Bytes challengePayload = Authorizer.challenge(session, ch.asLong(), sealer);
            return new Result.More(challengePayload, new CephxServer(keyServer, service, next),
                    env.withEntropy(sealer.entropy()));
        }
        if (!auth.get().haveChallenge() || auth.get().serverChallengePlusOne() != challenge.get() + 1) {
            return refuse(Cephx.EACCES, "the authorizer does not answer our challenge");
        }
        CephxCrypto.Sealer sealer = new CephxCrypto.Sealer(env.entropy());
        Bytes connectionSecret = mode.equals(ConnectionMode.SECURE) ? sealer.random(Cephx.CONNECTION_SECRET_LEN)
                : Bytes.EMPTY;
        Bytes reply = sealer.prefixed(session, KeyUsage.AUTHORIZE_REPLY,
                new Authorizer.Reply(auth.get().nonce() + 1, connectionSecret).encoded());
        AuthOutcome outcome = new AuthOutcome(info.get().ticket().globalId(), mode, session.secret(), connectionSecret)
                .withEntity(info.get().ticket().name());
        return new Result.Done(outcome, reply, env.withEntropy(sealer.entropy()));
    }
}
