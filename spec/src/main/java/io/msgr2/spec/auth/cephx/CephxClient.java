package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.AuthOutcome;
import io.msgr2.spec.auth.ClientAuth;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client side of cephx, as two pure machines: {@link Mon} authenticates to a mon and
 * receives tickets; {@link Service} presents a ticket to an osd, mgr or mds. Both read and
 * write the messenger's {@link Tickets} through the {@link Env}.
 */
public final class CephxClient {
    private CephxClient() {}

    /**
     * Authentication with a mon, two rounds:
     * <pre>
     * AUTH_REQUEST       u8 10 (AUTH_MODE_MON) | EntityName | le64 global_id (0, or the one to reclaim)
     * AUTH_REPLY_MORE    u8 1 | le64 server_challenge
     * AUTH_REQUEST_MORE  le16 GET_AUTH_SESSION_KEY | CephXAuthenticate (proof, old AUTH ticket, wanted keys)
     * AUTH_DONE          le16 type, s32 status | AUTH ticket (msg_a under our secret)
     *                    | bl encrypt(session key, connection secret) | bl extra tickets (msg_a under the session key)
     * </pre>
     *
     * @param want the services to ask tickets for ({@code other_keys}), with the AUTH bit
     */
    public record Mon(EntityName name, CryptoKey secret, int want, Optional<Tickets.Held> oldAuth, boolean started)
            implements ClientAuth {
        public Mon(EntityName name, CryptoKey secret, int want) {
            this(name, secret, want, Optional.empty(), false);
        }

        @Override
        public AuthMethod method() {
            return AuthMethod.CEPHX;
        }

        @Override
        public Result start(Env env) {
            if (!secret.usable()) {
                return new Result.Failed("the key for " + name + " is not a usable cephx key (" + secret + ")");
            }
            Optional<Tickets.Held> auth = env.tickets().get(EntityType.AUTH);
            long gid = auth.isPresent() ? env.tickets().globalId() : 0;
            DencWriter w = new DencWriter();
            w.u8(Cephx.AUTH_MODE_MON).u32(name.type().value()).string(name.id()).u64(gid);
            return new Result.Send(w.toBytes(), new Mon(name, secret, want, auth, true), env);
        }

        @Override
        public Result onReplyMore(Bytes payload, Env env) {
            DencReader r = new DencReader(payload);
            r.u8();
            long serverChallenge = r.u64();
            if (r.failed() || r.remaining() != 0) {
                return new Result.Failed("the mon's challenge is not 9 bytes (" + payload.length() + ")");
            }
            Entropy.Drawn cc = env.entropy().take(8);
            long clientChallenge = cc.asLong();
            TicketBlob old = oldAuth.map(Tickets.Held::blob).orElse(TicketBlob.EMPTY);
            Authenticate a = new Authenticate(3, clientChallenge, Authenticate.proof(secret, serverChallenge,
                    clientChallenge), old, want);
            DencWriter w = new DencWriter();
            w.u16(Cephx.GET_AUTH_SESSION_KEY).raw(a.encoded());
            return new Result.Send(w.toBytes(), this, env.withEntropy(cc.rest()));
        }

        @Override
        public Result onDone(AuthDone done, Env env) {
            Either<String, Granted> g = readAuthDone(done.payload(), secret, oldAuth.map(Tickets.Held::sessionKey));
            if (g.isLeft()) {
                return new Result.Failed("the mon's AUTH_DONE: " + g.getLeft());
            }
            Granted ok = g.get();
            Tickets t = env.tickets().with(done.globalId(), ok.tickets(), env.now());
            return new Result.Done(new AuthOutcome(done.globalId(), done.mode(), ok.sessionKey().secret(),
                    ok.connectionSecret()), env.withTickets(t));
        }
    }

    /** What a mon's AUTH_DONE gave: the AUTH session key, the connection secret and every ticket. */
    public record Granted(CryptoKey sessionKey, Bytes connectionSecret, List<ServiceTicketReply.Entry> tickets) {}

    /**
     * Reads the cephx payload of a mon's AUTH_DONE with the client's secret
     * ({@code CephxClientHandler::handle_response} for GET_AUTH_SESSION_KEY); dump uses it too.
     */
    public static Either<String, Granted> readAuthDone(Bytes payload, CryptoKey secret, Optional<CryptoKey> oldSession) {
        DencReader r = new DencReader(payload);
        int type = r.u16();
        int status = r.u32();
        if (r.failed()) {
            return Either.left("no cephx response header");
        }
        if (type != Cephx.GET_AUTH_SESSION_KEY) {
            return Either.left("response type 0x" + Integer.toHexString(type) + " instead of GET_AUTH_SESSION_KEY");
        }
        if (status != 0) {
            return Either.left("status " + status);
        }
        Either<String, List<ServiceTicketReply.Entry>> first = ServiceTicketReply.verify(r, secret, oldSession);
        if (first.isLeft()) {
            return Either.left(first.getLeft());
        }
        Optional<ServiceTicketReply.Entry> auth = first.get().stream()
                .filter(e -> e.service().equals(EntityType.AUTH)).findFirst();
        if (auth.isEmpty()) {
            return Either.left("no AUTH ticket");
        }
        CryptoKey session = auth.get().sessionKey();
        List<ServiceTicketReply.Entry> all = new ArrayList<>(first.get());
        Bytes connectionSecret = Bytes.EMPTY;
        if (r.remaining() > 0) {
            Bytes cbl = r.blob();
            Bytes extra = r.blob();
            if (r.failed()) {
                return Either.left("connection secret or extra tickets do not decode");
            }
            if (!cbl.isEmpty()) {
                Either<String, Bytes> cs = CephxCrypto.decrypt(session, KeyUsage.AUTH_CONNECTION_SECRET,
                        new DencReader(cbl));
                if (cs.isLeft()) {
                    return Either.left("connection secret: " + cs.getLeft());
                }
                DencReader s = new DencReader(cs.get());
                connectionSecret = s.blob();
                if (s.failed()) {
                    return Either.left("connection secret does not decode");
                }
            }
            if (!extra.isEmpty()) {
                Either<String, List<ServiceTicketReply.Entry>> more = ServiceTicketReply.verify(new DencReader(extra),
                        session, Optional.empty());
                if (more.isLeft()) {
                    return Either.left("extra tickets: " + more.getLeft());
                }
                all.addAll(more.get());
            }
        }
        return Either.right(new Granted(session, connectionSecret, all));
    }

    /**
     * The authorizer toward a service, two rounds (Pacific services always challenge on msgr2):
     * <pre>
     * AUTH_REQUEST       CephXAuthorizer {ticket, encrypt(session key, CephXAuthorize{nonce, 0, 0})}
     * AUTH_REPLY_MORE    encrypt_bare(session key, CephXAuthorizeChallenge{server_challenge})
     * AUTH_REQUEST_MORE  the same ticket, encrypt(session key, CephXAuthorize{nonce, 1, server_challenge + 1})
     * AUTH_DONE          encrypt(session key, CephXAuthorizeReply{nonce + 1, connection secret})
     * </pre>
     */
    public record Service(EntityType service, Optional<Tickets.Held> ticket, long globalId, long nonce)
            implements ClientAuth {
        public Service(EntityType service) {
            this(service, Optional.empty(), 0, 0);
        }

        @Override
        public AuthMethod method() {
            return AuthMethod.CEPHX;
        }

        @Override
        public Result start(Env env) {
            Optional<Tickets.Held> t = env.tickets().get(service);
            if (t.isEmpty()) {
                return new Result.Failed("no cephx ticket for " + service.cephName()
                        + ": authenticate with a mon (asking for " + service.cephName() + " keys) first");
            }
            Entropy.Drawn n = env.entropy().take(8);
            long gid = env.tickets().globalId();
            Service next = new Service(service, t, gid, n.asLong());
            CephxCrypto.Sealer sealer = new CephxCrypto.Sealer(n.rest());
            Bytes payload = next.authorizer(new Authorizer.Authorize(next.nonce, false, 0), sealer);
            return new Result.Send(payload, next, env.withEntropy(sealer.entropy()));
        }

        private Bytes authorizer(Authorizer.Authorize a, CephxCrypto.Sealer sealer) {
            Tickets.Held t = ticket.orElseThrow();
            return Authorizer.build(globalId, service.value(), t.blob(), t.sessionKey(), a, sealer).encoded();
        }

        @Override
        public Result onReplyMore(Bytes payload, Env env) {
            if (ticket.isEmpty()) {
                return new Result.Failed("a challenge before our authorizer");
            }
            Either<String, Long> ch = Authorizer.openChallenge(ticket.get().sessionKey(), payload);
            if (ch.isLeft()) {
                return new Result.Failed("the service's challenge: " + ch.getLeft());
            }
            CephxCrypto.Sealer sealer = new CephxCrypto.Sealer(env.entropy());
            Bytes answer = authorizer(new Authorizer.Authorize(nonce, true, ch.get() + 1), sealer);
            return new Result.Send(answer, this, env.withEntropy(sealer.entropy()));
        }

        @Override
        public Result onDone(AuthDone done, Env env) {
            if (ticket.isEmpty()) {
                return new Result.Failed("AUTH_DONE before our authorizer");
            }
            CryptoKey key = ticket.get().sessionKey();
            Either<String, Authorizer.Reply> reply = CephxCrypto.decrypt(key, KeyUsage.AUTHORIZE_REPLY,
                    new DencReader(done.payload()))
                    .flatMap(Authorizer.Reply::decode);
            if (reply.isLeft()) {
                return new Result.Failed("the service's authorizer reply: " + reply.getLeft());
            }
            if (reply.get().noncePlusOne() != nonce + 1) {
                return new Result.Failed("the service's authorizer reply answers another nonce");
            }
            return new Result.Done(new AuthOutcome(done.globalId(), done.mode(), key.secret(),
                    reply.get().connectionSecret()), env);
        }
    }
}
