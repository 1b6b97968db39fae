package io.msgr2.conform;

import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.cephx.Aes256Krb5;
import io.msgr2.spec.auth.cephx.Authenticate;
import io.msgr2.spec.auth.cephx.Cephx;
import io.msgr2.spec.auth.cephx.CephxCrypto;
import io.msgr2.spec.auth.cephx.CephxClient;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.KeyServer;
import io.msgr2.spec.auth.cephx.KeyUsage;
import io.msgr2.spec.auth.cephx.Keyring;
import io.msgr2.spec.auth.cephx.RotatingSecrets;
import io.msgr2.spec.auth.cephx.ServiceTicketReply;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthReplyMore;
import io.msgr2.spec.frame.AuthRequest;
import io.msgr2.spec.frame.AuthRequestMore;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.UTime;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A mon-role cephx server as the captured mon was, for {@code conform --role server}.
 *
 * <p>Its random values come out of the AUTH_REPLY_MORE (the challenge) and the AUTH_DONE,
 * opened with the client's key: each session key and the clock reading stamped on it, the
 * connection secret, and (aes256k) the confounder of every ciphertext made with a key we
 * hold. What no capture can give back is the inside of each ticket blob: sealed with the
 * mon's rotating service secrets, which never cross the wire. Our key server seals with
 * stand-in secrets of the same ids and key type (the confounder it draws for them is zero),
 * and {@link #substitute} puts the captured sealed bytes in place of ours before our
 * AUTH_DONE is framed (and in our transcript), so its lengths, CRC and everything around the
 * blobs are still ours.
 *
 * @param draws the random values in the order our mon draws them
 * @param now the step's time (the AUTH session key's stamp)
 * @param stamps the stamp of each key it makes, in order
 * @param serviceCipher the key type of the rotating secrets (inferred when they are stand-ins: see {@link #recover})
 * @param realSecrets sealed with the mon's own rotating secrets ({@code --mon-store}), nothing substituted
 */
record MonReplay(AuthConfig auth, List<Bytes> draws, Function<Frame, Replay.Substituted> substitute, UTime now,
                 List<UTime> stamps,
                 int serviceCipher, boolean realSecrets) {

    /** The parts of a mon's GET_AUTH_SESSION_KEY reply that carry ciphertexts or sealed tickets. */
    record Reply(List<Bytes> msgA, List<Boolean> encryptedBlob, List<Bytes> blobBl, Bytes connectionSecret,
                 List<Bytes> extraMsgA, List<Bytes> extraBlobBl) {

        static Reply read(Bytes payload) {
            DencReader r = new DencReader(payload);
            r.u16();
            r.u32();
            List<Bytes> msgA = new ArrayList<>();
            List<Boolean> enc = new ArrayList<>();
            List<Bytes> blobs = new ArrayList<>();
            entries(r, msgA, enc, blobs);
            Bytes secret = Bytes.EMPTY;
            List<Bytes> xMsgA = new ArrayList<>();
            List<Bytes> xBlobs = new ArrayList<>();
            if (r.remaining() > 0) {
                secret = r.blob();
                Bytes extra = r.blob();
                if (!extra.isEmpty()) {
                    entries(new DencReader(extra), xMsgA, new ArrayList<>(), xBlobs);
                }
            }
            return new Reply(msgA, enc, blobs, secret, xMsgA, xBlobs);
        }

        private static void entries(DencReader r, List<Bytes> msgA, List<Boolean> enc, List<Bytes> blobs) {
            r.u8();
            int n = r.u32();
            for (int i = 0; i < n && i < 16 && !r.failed(); i++) {
                r.u32();
                r.u8();
                msgA.add(r.blob());
                enc.add(r.bool());
                blobs.add(r.blob());
            }
        }
    }

    static Either<String, MonReplay> recover(Keys keys, EntityName monName, List<Frame> up, List<Frame> down,
                                             AuthDone done, boolean pacific) {
        Optional<MonStore> store = Optional.empty();
        if (keys.monStore().isPresent()) {
            Either<String, MonStore> st = MonStore.read(keys.monStore().get());
            if (st.isLeft()) {
                return Either.left("--mon-store: " + st.getLeft());
            }
            store = Optional.of(st.get());
        }
        if (keys.key().isEmpty()) {
            return Either.left("a cephx mon replays only with the client's key (--key)");
        }
        CryptoKey clientKey = keys.key().get();
        AuthRequest req = Dissector.first(up, AuthRequest.class).orElseThrow();
        if (req.payload().isEmpty() || req.payload().u8(0) != Cephx.AUTH_MODE_MON) {
            return Either.left("the server role replays mons (the client's AUTH_REQUEST is an authorizer)");
        }
        DencReader rq = new DencReader(req.payload());
        rq.u8();
        EntityName client = new EntityName(new EntityType(rq.u32()), rq.string());
        Optional<AuthReplyMore> challenge = Dissector.first(down, AuthReplyMore.class);
        if (challenge.isEmpty()) {
            return Either.left("the mon sent no challenge");
        }
        Reply reply = Reply.read(done.payload());
        if (reply.msgA().size() != 1) {
            return Either.left("the mon's reply has " + reply.msgA().size() + " AUTH tickets");
        }
        if (reply.encryptedBlob().get(0)) {
            return Either.left("a reclaimed global_id's ticket is sealed inside a ciphertext under the old session "
                    + "key; the server role does not replay it");
        }
        Either<String, CephxClient.Granted> granted = CephxClient.readAuthDone(done.payload(), clientKey,
                Optional.empty());
        if (granted.isLeft()) {
            return Either.left("the mon's AUTH_DONE does not open with the key: " + granted.getLeft());
        }
        CephxClient.Granted g = granted.get();
        // the stand-in secrets get the key type of Ceph's rotating secrets: an aes256k ciphertext
        // is 40 bytes longer than its envelope and rarely a multiple of 16, an AES-CBC one always is
        List<Bytes> sealed = new ArrayList<>();
        sealed.add(sealedPart(reply.blobBl().get(0)));
        reply.extraBlobBl().forEach(b -> sealed.add(sealedPart(b)));
        int cipher = store.flatMap(st -> Optional.ofNullable(st.rotating().get(EntityType.AUTH)))
                .flatMap(rs -> rs.get(rs.currentId())).map(CryptoKey::type)
                .orElse(sealed.stream().anyMatch(b -> b.length() % 16 != 0) ? CryptoKey.TYPE_AES256K : CryptoKey.TYPE_AES);
        // with the mon's store, each sealed ticket opens: its timestamps and (aes256k) confounder
        // are what the mon used; without it, they never show, so any value does
        List<ServiceTicketReply.Entry> all = g.tickets();
        List<UTime> ticketStamps = new ArrayList<>();
        List<Bytes> sealConfounders = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            ServiceTicketReply.Entry t = all.get(i);
            UTime stamp = t.sessionKey().created();
            Bytes confounder = Bytes.zeros(Aes256Krb5.CONFOUNDER_LEN);
            if (store.isPresent()) {
                Optional<CryptoKey> secret = Optional.ofNullable(store.get().rotating().get(t.service()))
                        .flatMap(rs -> rs.get(t.blob().secretId()));
                if (secret.isEmpty()) {
                    return Either.left("the mon store has no " + t.service().cephName() + " secret "
                            + t.blob().secretId());
                }
                Either<String, io.msgr2.spec.auth.cephx.ServiceTicketInfo> info =
                        io.msgr2.spec.auth.cephx.ServiceTicketInfo.open(t.blob(), secret.get());
                if (info.isLeft()) {
                    return Either.left("the " + t.service().cephName() + " ticket does not open with the store's "
                            + "secret: " + info.getLeft());
                }
                stamp = info.get().ticket().created();
                confounder = CephxCrypto.confounder(secret.get(), KeyUsage.TICKET_INFO, t.blob().blob())
                        .orElse(confounder);
            }
            ticketStamps.add(stamp);
            sealConfounders.add(confounder);
        }

        CryptoKey session = g.sessionKey();
        List<Bytes> draws = new ArrayList<>();
        List<UTime> stamps = new ArrayList<>();
        draws.add(challenge.get().payload().slice(1, 8));
        // issue(AUTH): the session key, then its seal
        stamps.add(ticketStamps.get(0));
        draws.add(session.secret());
        stamps.add(session.created());
        if (cipher == CryptoKey.TYPE_AES256K) {
            draws.add(sealConfounders.get(0));
        }
        // the AUTH ticket's msg_a under the client's key
        CephxCrypto.confounder(clientKey, KeyUsage.TICKET_SESSION_KEY, reply.msgA().get(0)).ifPresent(draws::add);
        boolean otherKeys = up.stream().filter(AuthRequestMore.class::isInstance).map(AuthRequestMore.class::cast)
                .map(m -> {
                    DencReader r = new DencReader(m.payload());
                    r.u16();
                    return Authenticate.decode(r).otherKeys();
                }).findFirst().orElse(0) != 0;
        if (otherKeys) {
            if (done.mode().equals(ConnectionMode.SECURE)) {
                draws.add(g.connectionSecret());
            }
            // bl(encrypt(...)): the ciphertext is one more length prefix in
            CephxCrypto.confounder(session, KeyUsage.AUTH_CONNECTION_SECRET,
                    new DencReader(reply.connectionSecret()).blob()).ifPresent(draws::add);
        }
        List<ServiceTicketReply.Entry> extras = g.tickets().subList(1, g.tickets().size());
        for (int i = 0; i < extras.size(); i++) {
            ServiceTicketReply.Entry t = extras.get(i);
            stamps.add(ticketStamps.get(i + 1));
            draws.add(t.sessionKey().secret());
            stamps.add(t.sessionKey().created());
            if (cipher == CryptoKey.TYPE_AES256K) {
                draws.add(sealConfounders.get(i + 1));
            }
        }
        for (Bytes m : reply.extraMsgA()) {
            CephxCrypto.confounder(session, KeyUsage.TICKET_SESSION_KEY, m).ifPresent(draws::add);
        }

        // the ticket lifetimes are the mon's configuration (auth_mon_ticket_ttl, auth_service_ticket_ttl)
        int authTtl = g.tickets().get(0).validity().seconds();
        int serviceTtl = extras.isEmpty() ? Cephx.SERVICE_TICKET_TTL : extras.get(0).validity().seconds();
        Map<EntityType, RotatingSecrets> rotating;
        Keyring keyring;
        if (store.isPresent()) {
            rotating = store.get().rotating();
            keyring = store.get().keyring();
            if (keyring.get(client).isEmpty()) {
                return Either.left("the mon store does not know " + client);
            }
        } else {
            rotating = standIns(g.tickets(), cipher);
            keyring = Keyring.of(client, clientKey,
                    Map.of("mon", "allow *", "osd", "allow *", "mgr", "allow *", "mds", "allow *"));
        }
        // Pacific's mon leaves the mon caps out of the mon ticket; Tentacle's puts them in
        KeyServer ks = new KeyServer(keyring, rotating, authTtl, serviceTtl, KeyServer.ALL_CIPHERS, cipher, !pacific);
        AuthConfig auth = CephxConfig.mon(monName, ks).withServerModes(List.of(done.mode()));
        Function<Frame, Replay.Substituted> substitute = store.isPresent() ? Replay.Substituted::none
                : f -> substitute(f, sealed);
        return Either.right(new MonReplay(auth, draws, substitute, session.created(), stamps, cipher,
                store.isPresent()));
    }

    /** Stand-in rotating secrets of {@code cipher}, one per service of the tickets, with their secret ids. */
    private static Map<EntityType, RotatingSecrets> standIns(List<ServiceTicketReply.Entry> tickets, int cipher) {
        UTime far = new UTime(Integer.MAX_VALUE, 0);
        Bytes standIn = Bytes.fromHex("5ec0e7".repeat(11)).slice(0, cipher == CryptoKey.TYPE_AES256K ? 32 : 16);
        Map<EntityType, RotatingSecrets> out = new LinkedHashMap<>();
        for (ServiceTicketReply.Entry t : tickets) {
            out.put(t.service(), new RotatingSecrets(Map.of(t.blob().secretId(), new RotatingSecrets.Expiring(
                    new CryptoKey(cipher, UTime.ZERO, standIn), far)), t.blob().secretId()));
        }
        return out;
    }

    /** The sealed bytes of a {@code bl(CephXTicketBlob)}: after u8 v, le64 secret_id, le32 length. */
    static Bytes sealedPart(Bytes blobBl) {
        DencReader r = new DencReader(blobBl);
        r.u8();
        r.u64();
        Bytes b = r.blob();
        return r.failed() ? Bytes.EMPTY : b;
    }

    /**
     * Our AUTH_DONE with the captured sealed bytes in each plain ticket blob (lengths re-encoded),
     * and those bytes ({@link TakenReason#MISSING_KEY}).
     */
    static Replay.Substituted substitute(Frame f, List<Bytes> sealed) {
        if (!(f instanceof AuthDone ours)) {
            return Replay.Substituted.none(f);
        }
        DencReader r = new DencReader(ours.payload());
        DencWriter w = new DencWriter();
        w.u16(r.u16()).u32(r.u32());
        java.util.ArrayDeque<Bytes> q = new java.util.ArrayDeque<>(sealed);
        List<Bytes> taken = new ArrayList<>();
        copy(r, w, q, taken);
        if (r.remaining() > 0) {
            w.blob(r.blob());
            Bytes extra = r.blob();
            if (extra.isEmpty()) {
                w.blob(extra);
            } else {
                DencWriter x = new DencWriter();
                copy(new DencReader(extra), x, q, taken);
                w.blob(x.toBytes());
            }
        }
        return r.failed() ? Replay.Substituted.none(f)
                : new Replay.Substituted(new AuthDone(ours.globalId(), ours.mode(), w.toBytes()), taken);
    }

    /** Copies the ticket entries, the captured sealed bytes in each plain blob (added to {@code taken}). */
    private static void copy(DencReader r, DencWriter w, java.util.Deque<Bytes> sealed, List<Bytes> taken) {
        w.u8(r.u8());
        int n = r.u32();
        w.u32(n);
        for (int i = 0; i < n && i < 16 && !r.failed(); i++) {
            w.u32(r.u32()).u8(r.u8());
            w.blob(r.blob());
            boolean enc = r.bool();
            w.u8(enc ? 1 : 0);
            Bytes bl = r.blob();
            if (!enc && !sealed.isEmpty()) {
                DencReader b = new DencReader(bl);
                int v = b.u8();
                long id = b.u64();
                Bytes theirs = sealed.poll();
                taken.add(theirs);
                bl = new DencWriter().u8(v).u64(id).blob(theirs).toBytes();
            }
            w.blob(bl);
        }
    }
}
