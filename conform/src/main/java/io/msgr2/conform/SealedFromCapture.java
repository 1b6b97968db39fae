package io.msgr2.conform;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.AuthOutcome;
import io.msgr2.spec.auth.ServerAuth;
import io.msgr2.spec.auth.cephx.Aes256Krb5;
import io.msgr2.spec.auth.cephx.Authenticate;
import io.msgr2.spec.auth.cephx.Authorizer;
import io.msgr2.spec.auth.cephx.Cephx;
import io.msgr2.spec.auth.cephx.CephxCrypto;
import io.msgr2.spec.auth.cephx.CephxServer;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.KeyServer;
import io.msgr2.spec.auth.cephx.KeyUsage;
import io.msgr2.spec.auth.cephx.Keyring;
import io.msgr2.spec.auth.cephx.Tickets;
import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthReplyMore;
import io.msgr2.spec.frame.AuthRequest;
import io.msgr2.spec.frame.AuthRequestMore;
import io.msgr2.spec.frame.AuthSignature;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.UTime;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * {@code conform --sealed-from-capture}: the replay of a cephx client whose keys the capture
 * does not hold (an OSD whose key was not kept, a service session whose mon session was not
 * captured).
 *
 * <p>No implementation can produce the key-dependent bytes without the key: the sealed
 * {@code CephXAuthorize} parts of an authorizer, the proof in a mon's {@code CephXAuthenticate},
 * the AUTH_SIGNATURE (an HMAC under the session key). So our client runs with a stand-in key of
 * the same type, and the replay
 * <ul>
 *   <li>feeds it stand-ins of the peer's sealed frames (a service's challenge and authorizer
 *       reply, a mon's tickets, the peer's AUTH_SIGNATURE over what our side really sent),
 *       sealed with the stand-in key;
 *   <li>puts Ceph's key-dependent bytes in place of ours in the frames it sends, and counts them
 *       as taken from the capture, not compared.
 * </ul>
 * Every other byte (the rest of those frames, their framing and CRCs, and everything after
 * authentication: compression, ident, messages, acks, keepalives) is still our side's own and
 * compared. Only crc mode: in secure mode every later frame is sealed with the connection
 * secret, which the same missing key protects.
 */
sealed interface SealedFromCapture {
    /** The stand-in key our client holds (the session key of a service ticket, or the entity's secret). */
    CryptoKey standIn();

    /** Ceph's key-dependent bytes in place of ours, in a frame our client sends. */
    Frame ours(Frame f);

    /** The peer's sealed frames, sealed again with stand-in keys; {@code conn}: our client before it receives. */
    Frame peer(Frame f, Conn conn);

    /** Ceph's key-dependent bytes put in place of ours so far, in order ({@link TakenReason#MISSING_KEY}). */
    List<Bytes> taken();

    String note();

    /** Counts what was taken from the capture; puts Ceph's AUTH_SIGNATURE in place of our one. */
    final class Taken {
        private final Bytes cephSignature;
        private boolean signatureSent;
        private final List<Bytes> pieces = new ArrayList<>();

        Taken(List<Frame> up) {
            this.cephSignature = Dissector.first(up, AuthSignature.class).map(AuthSignature::signature)
                    .orElse(Bytes.EMPTY);
        }

        Bytes take(Bytes ceph) {
            pieces.add(ceph);
            return ceph;
        }

        /** A le64 field of Ceph's. */
        long take(long ceph) {
            pieces.add(Conformance.le64(ceph));
            return ceph;
        }

        Frame signature(AuthSignature ours) {
            if (signatureSent || ours.signature().length() != cephSignature.length()) {
                return ours;
            }
            signatureSent = true;
            return new AuthSignature(take(cephSignature));
        }

        List<Bytes> pieces() {
            return List.copyOf(pieces);
        }
    }

    /** The stand-in key type: the one whose sealing of {@code plain} has the length Ceph's sealing has. */
    private static Optional<CryptoKey> sameLength(Bytes cephSealed, KeyUsage usage, IntFunction<Bytes> plain) {
        for (int type : List.of(CryptoKey.TYPE_AES256K, CryptoKey.TYPE_AES)) {
            CryptoKey k = CryptoKey.random(type, Entropy.seeded(type), UTime.ZERO).key();
            Bytes ours = new CephxCrypto.Sealer(Entropy.seeded(0)).prefixed(k, usage, plain.apply(type));
            if (ours.length() == cephSealed.length()) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * A client's authorizer to a service (OSD, mgr, mds): the stand-in is the ticket's session
     * key; Ceph's sealed {@code CephXAuthorize} parts and AUTH_SIGNATURE replace ours.
     */
    final class Service implements SealedFromCapture {
        /** What our client draws for a stand-in nonce, and the stand-in challenge the peer "sends". */
        private static final long NONCE = 0x5eed_0000_0000_0001L;
        private static final long CHALLENGE = 0x5eed_0000_0000_0002L;

        private final CryptoKey standIn;
        private final Authorizer first;
        private final List<Bytes> cephSealed;
        private final Taken taken;
        private int sent;

        private Service(CryptoKey standIn, Authorizer first, List<Bytes> cephSealed, Taken taken) {
            this.standIn = standIn;
            this.first = first;
            this.cephSealed = cephSealed;
            this.taken = taken;
        }

        /** From the captured client side: its authorizers (AUTH_REQUEST, one per AUTH_REQUEST_MORE), its AUTH_SIGNATURE. */
        static Either<String, Service> of(List<Frame> up) {
            AuthRequest req = Dissector.first(up, AuthRequest.class).orElseThrow();
            Authorizer az = Authorizer.decode(new DencReader(req.payload()));
            List<Bytes> sealed = new ArrayList<>(List.of(az.encryptedAuthorize()));
            for (AuthRequestMore more : Dissector.all(up, AuthRequestMore.class)) {
                sealed.add(Authorizer.decode(new DencReader(more.payload())).encryptedAuthorize());
            }
            return sameLength(az.encryptedAuthorize(), KeyUsage.AUTHORIZE,
                    t -> new Authorizer.Authorize(NONCE, false, 0).encoded())
                    .<Either<String, Service>>map(k -> Either.right(new Service(k, az, sealed, new Taken(up))))
                    .orElse(Either.left(String.format("the authorizer's sealed part (%d bytes) has the length of no "
                            + "key type's CephXAuthorize", az.encryptedAuthorize().length())));
        }

        @Override
        public CryptoKey standIn() {
            return standIn;
        }

        /** The ticket our client holds: the captured one, with the stand-in session key. */
        Tickets tickets() {
            EntityType service = new EntityType(first.serviceId());
            UTime far = new UTime(Integer.MAX_VALUE, 0);
            return new Tickets(first.globalId(), Map.of(service, new Tickets.Held(service, standIn, first.ticket(), far,
                    far)));
        }

        /** What our client draws, in order: the nonce, then a confounder per sealing (aes256k). */
        List<Bytes> draws() {
            List<Bytes> out = new ArrayList<>(List.of(Conformance.le64(NONCE)));
            if (standIn.type() == CryptoKey.TYPE_AES256K) {
                for (int i = 0; i < cephSealed.size(); i++) {
                    out.add(Bytes.zeros(Aes256Krb5.CONFOUNDER_LEN));
                }
            }
            return out;
        }

        @Override
        public Frame ours(Frame f) {
            return switch (f) {
                case AuthRequest r when sent < cephSealed.size() -> new AuthRequest(r.method(), r.preferredModes(),
                        withCephSealed(r.payload()));
                case AuthRequestMore m when sent < cephSealed.size() -> new AuthRequestMore(withCephSealed(m.payload()));
                case AuthSignature s -> taken.signature(s);
                default -> f;
            };
        }

        /** Ceph's sealed part in place of ours when both have the same length (else ours stays, and differs). */
        private Bytes withCephSealed(Bytes payload) {
            Authorizer mine = Authorizer.decode(new DencReader(payload));
            Bytes theirs = cephSealed.get(sent++);
            if (theirs.length() != mine.encryptedAuthorize().length()) {
                return payload;
            }
            return new Authorizer(mine.globalId(), mine.serviceId(), mine.ticket(), taken.take(theirs)).encoded();
        }

        @Override
        public Frame peer(Frame f, Conn conn) {
            CephxCrypto.Sealer sealer = new CephxCrypto.Sealer(Entropy.seeded(CHALLENGE));
            return switch (f) {
                case AuthReplyMore m -> new AuthReplyMore(Authorizer.challenge(standIn, CHALLENGE, sealer));
                case AuthDone d -> new AuthDone(d.globalId(), d.mode(), sealer.prefixed(standIn,
                        KeyUsage.AUTHORIZE_REPLY, new Authorizer.Reply(NONCE + 1, Bytes.EMPTY).encoded()));
                case AuthSignature s -> new AuthSignature(conn.link()
                        .map(l -> l.transcript().signSent(standIn.secret())).orElse(s.signature()));
                default -> f;
            };
        }

        @Override
        public List<Bytes> taken() {
            return taken.pieces();
        }

        @Override
        public String note() {
            return String.format("no key opens this session: our client seals with a stand-in %s session key; Ceph's "
                    + "sealed CephXAuthorize parts and its AUTH_SIGNATURE are put in place of ours",
                    CryptoKey.typeName(standIn.type()));
        }
    }

    /**
     * A client's mon session: the stand-in is the entity's secret. Ceph's proof (the {@code key}
     * of its {@code CephXAuthenticate}) and AUTH_SIGNATURE replace ours; a stand-in mon (our
     * own, with the stand-in secret in its keyring and the captured challenge) answers our
     * request in place of the captured AUTH_DONE, whose tickets only the real secret opens.
     */
    final class Mon implements SealedFromCapture {
        private final CryptoKey standIn;
        private final EntityName name;
        private final long serverChallenge;
        private final Authenticate ceph;
        private final Taken taken;
        private Bytes ourRequest = Bytes.EMPTY;
        private Optional<AuthOutcome> outcome = Optional.empty();

        private Mon(CryptoKey standIn, EntityName name, long serverChallenge, Authenticate ceph, Taken taken) {
            this.standIn = standIn;
            this.name = name;
            this.serverChallenge = serverChallenge;
            this.ceph = ceph;
            this.taken = taken;
        }

        /**
         * From the captured client side (its CephXAuthenticate, AUTH_SIGNATURE) and the mon's
         * (its challenge, and the first ticket of its AUTH_DONE, whose sealed length tells the key type).
         */
        static Either<String, Mon> of(EntityName name, List<Frame> up, List<Frame> down) {
            Optional<AuthReplyMore> challenge = Dissector.first(down, AuthReplyMore.class);
            Optional<AuthRequestMore> more = Dissector.first(up, AuthRequestMore.class);
            Optional<AuthDone> done = Dissector.first(down, AuthDone.class);
            if (challenge.isEmpty() || challenge.get().payload().length() < 9 || more.isEmpty() || done.isEmpty()) {
                return Either.left("the mon session ends before its challenge, the client's proof and AUTH_DONE");
            }
            DencReader m = new DencReader(more.get().payload());
            if (m.u16() != Cephx.GET_AUTH_SESSION_KEY) {
                return Either.left("the client's AUTH_REQUEST_MORE is not GET_AUTH_SESSION_KEY");
            }
            Authenticate a = Authenticate.decode(m);
            if (!a.oldTicket().isEmpty()) {
                return Either.left("--sealed-from-capture does not replay a global_id reclaim (its old ticket is "
                        + "sealed with the mon's own secret)");
            }
            // AUTH_DONE: u16 type | u32 status | u8 1 | u32 n | u32 service | u8 1 | bl(sealed CephXServiceTicket)
            DencReader d = new DencReader(done.get().payload());
            d.skip(2 + 4 + 1 + 4 + 4 + 1);
            Bytes firstSealed = d.blob();
            if (d.failed()) {
                return Either.left("the mon's AUTH_DONE holds no ticket");
            }
            Bytes cephSealed = new DencWriter().blob(firstSealed).toBytes();
            Optional<CryptoKey> k = sameLength(cephSealed, KeyUsage.TICKET_SESSION_KEY, type -> {
                DencWriter w = new DencWriter().u8(1);
                CryptoKey.random(type, Entropy.seeded(1), UTime.ZERO).key().encode(w);
                return w.u32(0).u32(0).toBytes();
            });
            if (k.isEmpty()) {
                return Either.left(String.format("the mon's first ticket (%d bytes sealed) has the length of no key "
                        + "type's CephXServiceTicket", firstSealed.length()));
            }
            long ch = new DencReader(challenge.get().payload().slice(1, 8)).u64();
            return Either.right(new Mon(k.get(), name, ch, a, new Taken(up)));
        }

        @Override
        public CryptoKey standIn() {
            return standIn;
        }

        @Override
        public Frame ours(Frame f) {
            return switch (f) {
                case AuthRequestMore m when ourRequest.isEmpty() -> {
                    ourRequest = m.payload();
                    DencReader r = new DencReader(m.payload());
                    int type = r.u16();
                    Authenticate mine = Authenticate.decode(r);
                    long proof = taken.take(ceph.key());
                    yield new AuthRequestMore(new DencWriter().u16(type).raw(new Authenticate(mine.version(),
                            mine.clientChallenge(), proof, mine.oldTicket(), mine.otherKeys()).encoded()).toBytes());
                }
                case AuthSignature s -> taken.signature(s);
                default -> f;
            };
        }

        @Override
        public Frame peer(Frame f, Conn conn) {
            return switch (f) {
                case AuthDone d -> standInDone(d);
                case AuthSignature s -> new AuthSignature(conn.link().flatMap(l -> outcome
                        .map(o -> l.transcript().signSent(o.sessionKey()))).orElse(s.signature()));
                default -> f;
            };
        }

        /** Our own mon, holding the stand-in secret and the captured challenge, answers our real request. */
        private Frame standInDone(AuthDone d) {
            Keyring keyring = Keyring.of(name, standIn, Map.of("mon", "allow *", "osd", "allow *", "mgr", "allow *"));
            KeyServer.Made ks = KeyServer.create(keyring, Entropy.seeded(2), UTime.ZERO, KeyServer.ALL_CIPHERS,
                    standIn.type());
            CephxServer mon = new CephxServer(Optional.of(ks.keyServer()), Optional.empty(),
                    new CephxServer.Stage.Challenged(name, d.globalId(), false, serverChallenge, d.mode()));
            Env env = new Env(ks.entropy(), 0, 0, EntityAddrVec.EMPTY, UTime.ZERO);
            if (mon.onRequestMore(ourRequest, env) instanceof ServerAuth.Result.Done done) {
                outcome = Optional.of(done.outcome());
                return new AuthDone(d.globalId(), d.mode(), done.payload());
            }
            return d;
        }

        @Override
        public List<Bytes> taken() {
            return taken.pieces();
        }

        @Override
        public String note() {
            return String.format("no key opens this session: our client holds a stand-in %s secret and our own mon "
                    + "(with that secret and the captured challenge) answers in place of Ceph's AUTH_DONE; Ceph's "
                    + "proof and AUTH_SIGNATURE are put in place of ours", CryptoKey.typeName(standIn.type()));
        }
    }
}
