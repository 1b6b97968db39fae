package io.msgr2.conform;

import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.MAuth;
import io.msgr2.spec.auth.cephx.Authorizer;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CephxCrypto;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.KeyUsage;
import io.msgr2.spec.auth.cephx.RotatingSecrets;
import io.msgr2.spec.auth.cephx.ServiceSecrets;
import io.msgr2.spec.auth.cephx.ServiceTicketInfo;
import io.msgr2.spec.auth.cephx.TicketRequests;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthReplyMore;
import io.msgr2.spec.frame.AuthRequest;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service-role cephx server (an OSD) as the captured one was, for {@code conform --role
 * server}: its rotating secrets come from its own mon session ({@code --mon-*}, opened with
 * its own key, {@code --key}: the GET_ROTATING_KEY replies in it), which open the client's
 * ticket and so give the session key; with that, the challenge it drew comes out of its
 * AUTH_REPLY_MORE and the connection secret out of its AUTH_DONE, and, with an aes256k
 * session key, the confounder of each.
 */
record ServiceReplay(AuthConfig auth, List<Bytes> draws, SessionKeys keys) {

    /** The rotating secrets the service was given in its mon session, every version merged. */
    static Either<String, RotatingSecrets> rotating(Keys keys) {
        if (keys.key().isEmpty() || keys.monSession().isEmpty()) {
            return Either.left("a service replays with its own key (--key) and its own mon session (--mon-client-to-server "
                    + "and --mon-server-to-client), where it got its rotating secrets");
        }
        CryptoKey own = keys.key().get();
        Dissector.Direction down = Dissector.decode(keys.monSession().get()).server();
        Map<Long, RotatingSecrets.Expiring> all = new HashMap<>();
        long max = 0;
        for (Frame f : down.frames()) {
            if (f instanceof Message m && m.header().type() == MAuth.REPLY_TYPE) {
                Either<String, RotatingSecrets> rs = MAuth.Reply.decode(m.front())
                        .flatMap(r -> TicketRequests.rotatingReply(r.resultBl(), own));
                if (rs.isRight()) {
                    all.putAll(rs.get().secrets());
                    max = Math.max(max, rs.get().maxVer());
                }
            }
        }
        return all.isEmpty() ? Either.left("the service's mon session has no GET_ROTATING_KEY reply that opens with --key")
                : Either.right(new RotatingSecrets(all, max));
    }

    static Either<String, ServiceReplay> recover(Keys keys, EntityName name, List<Frame> up, List<Frame> down) {
        Either<String, RotatingSecrets> rs = rotating(keys);
        if (rs.isLeft()) {
            return Either.left(rs.getLeft());
        }
        Optional<AuthRequest> req = Dissector.first(up, AuthRequest.class);
        Optional<AuthDone> done = Dissector.first(down, AuthDone.class);
        if (req.isEmpty() || done.isEmpty()) {
            return Either.left("the service session has no AUTH_REQUEST and AUTH_DONE");
        }
        Authorizer az = Authorizer.decode(new DencReader(req.get().payload()));
        Optional<CryptoKey> secret = rs.get().get(az.ticket().secretId());
        if (secret.isEmpty()) {
            return Either.left("the service holds no rotating secret " + az.ticket().secretId());
        }
        Either<String, ServiceTicketInfo> info = ServiceTicketInfo.open(az.ticket(), secret.get());
        if (info.isLeft()) {
            return Either.left("the client's ticket does not open: " + info.getLeft());
        }
        CryptoKey session = info.get().sessionKey();
        List<Bytes> draws = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add("ticket session key " + session.secret().hex() + " (the ticket opened with rotating secret "
                + az.ticket().secretId() + ")");
        Optional<AuthReplyMore> challenge = Dissector.first(down, AuthReplyMore.class);
        if (challenge.isPresent()) {
            Either<String, Long> c = Authorizer.openChallenge(session, challenge.get().payload());
            if (c.isLeft()) {
                return Either.left("the service's challenge does not open: " + c.getLeft());
            }
            draws.add(Conformance.le64(c.get()));
            CephxCrypto.confounder(session, KeyUsage.AUTHORIZE_CHALLENGE, challenge.get().payload())
                    .ifPresent(draws::add);
        }
        Bytes cipher = new DencReader(done.get().payload()).blob();
        Either<String, Authorizer.Reply> reply = CephxCrypto.decryptBare(session, KeyUsage.AUTHORIZE_REPLY, cipher)
                .flatMap(Authorizer.Reply::decode);
        if (reply.isLeft()) {
            return Either.left("the service's AUTH_DONE does not open: " + reply.getLeft());
        }
        if (done.get().mode().equals(ConnectionMode.SECURE)) {
            draws.add(reply.get().connectionSecret());
        }
        CephxCrypto.confounder(session, KeyUsage.AUTHORIZE_REPLY, cipher).ifPresent(draws::add);
        ServiceSecrets secrets = new ServiceSecrets(name.type(), rs.get(),
                keys.key());
        AuthConfig auth = CephxConfig.service(name, secrets).withServerModes(List.of(done.get().mode()));
        return Either.right(new ServiceReplay(auth, draws,
                new SessionKeys(session.secret(), reply.get().connectionSecret(), notes)));
    }

    static boolean isAuthorizer(List<Frame> up) {
        return Dissector.first(up, AuthRequest.class).map(r -> r.payload().length() > 0 && r.payload().u8(0) < io.msgr2.spec.auth.cephx.Cephx.AUTH_MODE_MON
                        && r.method().equals(io.msgr2.spec.wire.AuthMethod.CEPHX))
                .orElse(false);
    }

    static EntityType type(List<Frame> down) {
        return Dissector.first(down, io.msgr2.spec.frame.Hello.class).map(io.msgr2.spec.frame.Hello::entityType).orElse(EntityType.OSD);
    }
}
