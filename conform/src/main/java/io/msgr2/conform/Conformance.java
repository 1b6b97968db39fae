package io.msgr2.conform;

import io.msgr2.codec.CodecWireImage;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.Role;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.cephx.Authenticate;
import io.msgr2.spec.auth.cephx.Authorizer;
import io.msgr2.spec.auth.cephx.Cephx;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.KeyUsage;
import io.msgr2.spec.auth.cephx.Tickets;
import io.msgr2.spec.conn.Compression;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.conn.Messenger;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthReplyMore;
import io.msgr2.spec.frame.AuthRequest;
import io.msgr2.spec.frame.AuthRequestMore;
import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.CompressionRequest;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Hello;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.Msgr2Features;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Byte-exact replay of one side of a captured conversation: the engine behind
 * {@code msgr2 conform}.
 *
 * <p>From the capture (and the keys) it recovers what the real side was and what it drew:
 * its configuration (entity type, features, banner, auth method and modes, compression,
 * lossy or lossless), its random values (cephx challenges, authorizer nonces, aes256k
 * confounders, cookies, session keys and connection secrets), its counters (global_seq,
 * address nonce, global_id) and its application's sends. Then it runs our side on exactly
 * those inputs against the peer's captured bytes ({@link Replay}) and compares every byte.
 * The report ends with {@code identical: S of C compared bytes; taken from the capture: ...;
 * application payloads fed: ...} ({@link Counts}). Where the capture lacks the keys,
 * {@link ReplayOptions#sealedFromCapture} ({@link SealedFromCapture}) runs our client on
 * stand-in keys and takes Ceph's key-dependent bytes from the capture; the report counts them
 * as taken, not compared.
 */
public final class Conformance {
    private Conformance() {}

    /** Replays our side of {@code c} as {@code o.role()} and compares every byte it sends with Ceph's. */
    public static Report replay(Connection c, ReplayOptions o) {
        Role role = o.role();
        Bytes c2s = c.clientToServer();
        Bytes s2c = c.serverToClient();
        Keys given = o.keys();
        Dissector.Conversation conv = Dissector.decode(c);
        Banner[] banners = conv.banners();
        Dissector.Direction server = conv.server();
        Dissector.Direction client = conv.client();
        Optional<ServiceReplay> service = Optional.empty();
        Optional<AuthRequest> req = Dissector.first(client.frames(), AuthRequest.class);
        boolean cephx = req.isPresent() && req.get().method().equals(AuthMethod.CEPHX);
        boolean authDone = Dissector.first(server.frames(), AuthDone.class).isPresent();
        if (o.sealedFromCapture()) {
            if (role != Role.CLIENT || !cephx) {
                return fail("--sealed-from-capture replays the client of a cephx session", c2s, s2c, role);
            }
            if (server.secure()) {
                return fail("--sealed-from-capture cannot replay secure mode: every frame after AUTH_DONE is "
                        + "sealed with the connection secret that the missing key protects", c2s, s2c, role);
            }
        } else if (cephx && authDone && given.any()) {
            if (role == Role.SERVER && ServiceReplay.isAuthorizer(client.frames())) {
                Either<String, ServiceReplay> svc = ServiceReplay.recover(given,
                        new EntityName(ServiceReplay.type(server.frames()), "replay"), client.frames(), server.frames());
                if (svc.isLeft()) {
                    return fail("the keys cannot be recovered: " + svc.getLeft(), c2s, s2c, role);
                }
                service = Optional.of(svc.get());
            }
            Either<String, SessionKeys> k = service.isPresent() ? Either.right(service.get().keys())
                    : Dissector.recover(given, client.frames(), server.frames());
            if (k.isLeft()) {
                return fail("the keys cannot be recovered: " + k.getLeft(), c2s, s2c, role);
            }
            conv = Dissector.decode(c, Optional.of(k.get()));
            banners = conv.banners();
            server = conv.server();
            client = conv.client();
        } else if (cephx && given.key().isEmpty() && (role == Role.CLIENT || authDone)) {
            return fail("a cephx conversation replays only with its keys: give --key (and, for a service "
                    + "session, --mon-client-to-server/--mon-server-to-client or --session-key)", c2s, s2c, role);
        }
        if (!client.ok() || !server.ok()) {
            return fail("the capture does not decode completely (see msgr2 dump)", c2s, s2c, role);
        }
        List<String> notes = new ArrayList<>();
        Banner[] configBanners = banners;
        Dissector.Direction configClient = client;
        Dissector.Direction configServer = server;
        if (o.profile().isPresent()) {
            Dissector.Conversation p = Dissector.decode(o.profile().get());
            configBanners = new Banner[] {banners[0] != null ? banners[0] : p.banners()[0],
                    banners[1] != null ? banners[1] : p.banners()[1]};
            configClient = withMissingFrom(client, p.client());
            configServer = withMissingFrom(server, p.server());
        }
        Either<String, Replay.Side> side = role == Role.CLIENT
                ? clientSide(o, configBanners, configClient, configServer, notes)
                : serverSide(o, configBanners, configClient, configServer, service, notes);
        if (side.isLeft()) {
            return fail(side.getLeft(), c2s, s2c, role);
        }
        Dissector.Direction own = role == Role.CLIENT ? client : server;
        Bytes ref = role == Role.CLIENT ? c2s : s2c;
        Bytes peer = role == Role.CLIENT ? s2c : c2s;
        Replay.Result r = new Replay(side.get(), role, ref, own, peer, Replay.actions(own), compressed(own, ref),
                o.compressMinSize()).peerTruncated(o.peerTruncated()).cut(o.cut()).run();
        List<String> lines = new ArrayList<>(notes);
        lines.addAll(r.lines());
        return new Report(r.identical(), r.counts(), lines);
    }

    /** A direction's frames followed by those of {@code profile} whose types it lacks (configuration only). */
    private static Dissector.Direction withMissingFrom(Dissector.Direction d, Dissector.Direction profile) {
        List<Frame> frames = new ArrayList<>(d.frames());
        for (Frame f : profile.frames()) {
            if (frames.stream().noneMatch(x -> x.getClass().equals(f.getClass()))) {
                frames.add(f);
            }
        }
        return new Dissector.Direction(d.lines(), frames, d.spans(), d.ok(), d.authFrames(), d.secure(), d.plainEnd(),
                d.opaque());
    }

    private static Report fail(String why, Bytes c2s, Bytes s2c, Role role) {
        return new Report(false, Counts.unreplayed(role == Role.CLIENT ? c2s.length() : s2c.length()), List.of(why));
    }

    // ---------------------------------------------------------------- the client's side

    /**
     * Our client as the captured one was: its banner, entity type, features, gid, auth method
     * and modes, compression request and policy, its address nonce and global_seq, and the
     * random values it drew, in the order our client draws them.
     */
    static Either<String, Replay.Side> clientSide(ReplayOptions o, Banner[] banners, Dissector.Direction client,
                                                  Dissector.Direction server, List<String> notes) {
        List<Frame> up = client.frames();
        List<Frame> down = server.frames();
        Optional<Hello> hello = Dissector.first(up, Hello.class);
        Optional<Hello> peerHello = Dissector.first(down, Hello.class);
        Optional<AuthRequest> req = Dissector.first(up, AuthRequest.class);
        if (hello.isEmpty() || peerHello.isEmpty() || req.isEmpty() || banners[0] == null) {
            return Either.left("the capture ends before both HELLOs and an AUTH_REQUEST");
        }
        EntityType peerType = peerHello.get().entityType();
        Optional<ClientIdent> ident = Dissector.first(up, ClientIdent.class);
        List<Bytes> draws = new ArrayList<>();
        Optional<SealedFromCapture> sealed = Optional.empty();
        Env env = new Env(Entropy.scripted(List.of()), 0, 0, EntityAddrVec.EMPTY, UTime.ZERO);
        EntityName name = new EntityName(hello.get().entityType(), "replay");
        AuthConfig auth;
        Bytes payload = req.get().payload();
        List<io.msgr2.spec.wire.ConnectionMode> modes = req.get().preferredModes();
        if (req.get().method().equals(AuthMethod.NONE)) {
            Optional<io.msgr2.spec.auth.AuthNone.Request> n = io.msgr2.spec.auth.AuthNone.parse(payload);
            if (n.isEmpty()) {
                return Either.left("the client's auth none payload does not decode");
            }
            name = n.get().name();
            auth = AuthConfig.none(name, n.get().globalId());
        } else if (payload.length() > 0 && payload.u8(0) == Cephx.AUTH_MODE_MON) {
            DencReader r = new DencReader(payload);
            r.u8();
            name = new EntityName(new EntityType(r.u32()), r.string());
            CryptoKey key;
            if (o.sealedFromCapture()) {
                Either<String, SealedFromCapture.Mon> s = SealedFromCapture.Mon.of(name, up, down);
                if (s.isLeft()) {
                    return Either.left(s.getLeft());
                }
                sealed = Optional.of(s.get());
                notes.add(s.get().note());
                key = s.get().standIn();
            } else if (o.keys().key().isPresent()) {
                key = o.keys().key().get();
            } else {
                return Either.left("a cephx client replays only with its key (--key)");
            }
            int want = Cephx.WANT_CLIENT;
            for (AuthRequestMore more : Dissector.all(up, AuthRequestMore.class)) {
                DencReader m = new DencReader(more.payload());
                if (m.u16() == Cephx.GET_AUTH_SESSION_KEY) {
                    Authenticate a = Authenticate.decode(m);
                    draws.add(le64(a.clientChallenge()));
                    want = a.otherKeys();
                }
            }
            auth = CephxConfig.client(name, key).withWant(want).withModes(modes);
            Optional<io.msgr2.spec.auth.cephx.CephxClient.Granted> earlier = Dissector.earlierSession(o.keys(), key);
            if (earlier.isPresent()) {
                env = env.withTickets(Tickets.NONE.with(Dissector.earlierGlobalId(o.keys()), earlier.get().tickets(),
                        UTime.ZERO));
            }
        } else if (o.sealedFromCapture()) {
            Either<String, SealedFromCapture.Service> s = SealedFromCapture.Service.of(up);
            if (s.isLeft()) {
                return Either.left(s.getLeft());
            }
            SealedFromCapture.Service svc = s.get();
            sealed = Optional.of(svc);
            notes.add(svc.note());
            draws.addAll(svc.draws());
            env = env.withTickets(svc.tickets());
            auth = CephxConfig.client(name, svc.standIn()).withModes(modes);
        } else {
            Authorizer az = Authorizer.decode(new DencReader(payload));
            Either<String, CryptoKey> sk = Dissector.serviceSessionKey(o.keys(), az);
            if (sk.isLeft()) {
                return Either.left(sk.getLeft());
            }
            CryptoKey key = sk.get();
            Either<String, Authorizer.Authorize> opened = az.open(key);
            if (opened.isLeft()) {
                return Either.left("the authorizer does not open: " + opened.getLeft());
            }
            draws.add(le64(opened.get().nonce()));
            addConfounder(draws, key, az.encryptedAuthorize());
            for (AuthRequestMore more : Dissector.all(up, AuthRequestMore.class)) {
                addConfounder(draws, key, Authorizer.decode(new DencReader(more.payload())).encryptedAuthorize());
            }
            EntityType service = new EntityType(az.serviceId());
            UTime far = new UTime(Integer.MAX_VALUE, 0);
            env = env.withTickets(new Tickets(az.globalId(), Map.of(service, new Tickets.Held(service, key,
                    az.ticket(), far, far))));
            auth = CephxConfig.client(name, o.keys().key().orElse(key)).withModes(modes);
        }
        boolean lossy = ident.map(i -> (i.flags() & ClientIdent.FLAG_LOSSY) != 0).orElse(true);
        Policy policy = lossy ? Policy.LOSSY_CLIENT : Policy.LOSSLESS_PEER;
        if (!lossy) {
            draws.add(le64(ident.get().clientCookie()));
        }
        Optional<CompressionRequest> cr = Dissector.first(up, CompressionRequest.class);
        Compression compression = Compression.OFF;
        if (banners[0].has(Msgr2Features.COMPRESSION)) {
            compression = cr.filter(CompressionRequest::compress)
                    .map(c -> Compression.force(c.preferredMethods())
                            .withMinSize(o.compressMinSize()))
                    .orElse(Compression.DECLINE);
        }
        // the messenger's own type (HELLO) may differ from the name it authenticates as: ceph-osd's
        // early MonClient says "client" in HELLO and authenticates as osd.N
        EntityName messenger = new EntityName(hello.get().entityType(), name.id());
        ImmutableConfig.Builder cfg = ImmutableConfig.builder().name(messenger).auth(auth)
                .banner(new Banner(banners[0].supported() & ~Msgr2Features.COMPRESSION, banners[0].required()))
                .compression(compression).wireImage(CodecWireImage.INSTANCE)
                .defaultPolicy(policy).putPolicies(peerType, policy);
        if (ident.isPresent()) {
            ClientIdent ci = ident.get();
            cfg.gid(ci.gid()).supportedFeatures(ci.supportedFeatures()).requiredFeatures(ci.requiredFeatures());
            env = new Env(env.entropy(), ci.globalSeq() - 1, 0, blankIp(ci.addrs()), UTime.ZERO, env.tickets());
        }
        env = env.withEntropy(Entropy.scripted(draws));
        Config config = cfg.build();
        return Either.right(Replay.client(Conn.dial(config, env, hello.get().peerAddr(), peerType), sealed));
    }

    /** The address a client starts with: the captured one with a blank IP when it bound no port (learned from HELLO). */
    private static EntityAddrVec blankIp(EntityAddrVec addrs) {
        if (addrs.isEmpty() || !(addrs.addrs().get(0).addr() instanceof SockAddr.Inet4 in) || in.port() != 0) {
            return addrs;
        }
        List<EntityAddr> out = new ArrayList<>(addrs.addrs());
        EntityAddr a = out.get(0);
        out.set(0, new EntityAddr(a.type(), a.nonce(), SockAddr.Inet4.of(0, 0, 0, 0, 0)));
        return new EntityAddrVec(out);
    }

    /** An authorizer's encrypted part is {@code bl(ciphertext)}: its confounder, if the key has one. */
    private static void addConfounder(List<Bytes> draws, CryptoKey key, Bytes prefixedCipher) {
        io.msgr2.spec.auth.cephx.CephxCrypto.confounder(key, KeyUsage.AUTHORIZE, new DencReader(prefixedCipher).blob())
                .ifPresent(draws::add);
    }

    // ---------------------------------------------------------------- the server's side

    static Either<String, Replay.Side> serverSide(ReplayOptions o, Banner[] banners, Dissector.Direction client,
                                                  Dissector.Direction server, Optional<ServiceReplay> service,
                                                  List<String> notes) {
        List<Frame> up = client.frames();
        List<Frame> down = server.frames();
        Optional<Hello> hello = Dissector.first(down, Hello.class);
        Optional<AuthRequest> req = Dissector.first(up, AuthRequest.class);
        Optional<AuthDone> done = Dissector.first(down, AuthDone.class);
        Optional<ServerIdent> ident = Dissector.first(down, ServerIdent.class);
        Optional<io.msgr2.spec.frame.AuthBadMethod> refused = Dissector.first(down, io.msgr2.spec.frame.AuthBadMethod.class);
        if (hello.isPresent() && req.isPresent() && done.isEmpty() && refused.isPresent() && banners[1] != null) {
            return refusingMon(o, banners, up, down, hello.get(), refused.get());
        }
        if (hello.isEmpty() || req.isEmpty() || done.isEmpty() || ident.isEmpty() || banners[1] == null) {
            return Either.left("the capture ends before the server's HELLO, AUTH_DONE and SERVER_IDENT");
        }
        EntityName name = new EntityName(hello.get().entityType(), "replay");
        List<Bytes> draws = new ArrayList<>();
        AuthConfig auth;
        Optional<java.util.function.Function<Frame, Replay.Substituted>> substitute = Optional.empty();
        UTime now = UTime.ZERO;
        List<UTime> stamps = List.of();
        if (req.get().method().equals(AuthMethod.NONE)) {
            auth = AuthConfig.none(name, 0);
        } else if (service.isPresent()) {
            auth = service.get().auth();
            draws.addAll(service.get().draws());
            notes.addAll(service.get().keys().notes());
        } else {
            Either<String, MonReplay> mon = MonReplay.recover(o.keys(), name, up, down, done.get(),
                    !banners[1].has(Msgr2Features.COMPRESSION));
            if (mon.isLeft()) {
                return Either.left(mon.getLeft());
            }
            notes.add(mon.get().realSecrets()
                    ? "our mon seals tickets with the mon's own rotating secrets (--mon-store)"
                    : "our mon's stand-in rotating secrets: " + CryptoKey.typeName(mon.get().serviceCipher())
                    + " (Ceph's sealed ticket insides are taken from the capture)");
            auth = mon.get().auth();
            draws.addAll(mon.get().draws());
            substitute = Optional.of(mon.get().substitute());
            now = mon.get().now();
            stamps = mon.get().stamps();
        }
        ServerIdent si = ident.get();
        boolean lossy = (si.flags() & ClientIdent.FLAG_LOSSY) != 0;
        Policy policy = lossy ? Policy.STATELESS_SERVER : Policy.LOSSLESS_PEER;
        if (!lossy) {
            draws.add(le64(si.serverCookie()));
        }
        Config config = ImmutableConfig.builder().name(name).auth(auth).gid(si.gid())
                .banner(new Banner(banners[1].supported() & ~Msgr2Features.COMPRESSION, banners[1].required()))
                .compression(serverCompression(o, banners[1], down))
                .supportedFeatures(si.supportedFeatures()).requiredFeatures(si.requiredFeatures())
                .wireImage(wireImage(substitute)).defaultPolicy(policy).build();
        Env env = new Env(Entropy.scripted(draws, stamps), si.globalSeq() - 1, done.get().globalId(), si.addrs(), now);
        return Either.right(Replay.server(Messenger.create(config, env), hello.get().peerAddr(), substitute));
    }

    /**
     * A server's compression: none without the banner bit; with it, what its COMPRESSION_DONE
     * shows (a method: it accepted, so it forces that one; none: it declines).
     */
    static Compression serverCompression(ReplayOptions o, Banner own, List<Frame> down) {
        if (!own.has(Msgr2Features.COMPRESSION)) {
            return Compression.OFF;
        }
        return Dissector.first(down, io.msgr2.spec.frame.CompressionDone.class)
                .filter(io.msgr2.spec.frame.CompressionDone::compress)
                .map(d -> Compression.force(List.of(d.method()))
                        .withMinSize(o.compressMinSize()))
                .orElse(Compression.DECLINE);
    }

    /**
     * A mon that refused the client (AUTH_BAD_METHOD after the challenge): a wrong key (the
     * mon's keyring holds {@code --key}, the client proved another) or an unknown entity (no
     * {@code --key}: the keyring is empty). It drew only the challenge.
     */
    static Either<String, Replay.Side> refusingMon(ReplayOptions o, Banner[] banners, List<Frame> up, List<Frame> down,
                                                   Hello hello, io.msgr2.spec.frame.AuthBadMethod refused) {
        AuthRequest req = Dissector.first(up, AuthRequest.class).orElseThrow();
        if (!req.method().equals(AuthMethod.CEPHX) || req.payload().isEmpty()
                || req.payload().u8(0) != Cephx.AUTH_MODE_MON) {
            return Either.left("the server role replays refusals by cephx mons only");
        }
        DencReader rq = new DencReader(req.payload());
        rq.u8();
        EntityName client = new EntityName(new EntityType(rq.u32()), rq.string());
        io.msgr2.spec.auth.cephx.Keyring keyring = o.keys().key()
                .map(k -> io.msgr2.spec.auth.cephx.Keyring.of(client, k, Map.of("mon", "allow *")))
                .orElse(new io.msgr2.spec.auth.cephx.Keyring(Map.of()));
        List<Bytes> draws = new ArrayList<>();
        Dissector.first(down, AuthReplyMore.class).ifPresent(m -> draws.add(m.payload().slice(1, 8)));
        // a client that proved the key the mon holds was refused for its key type (Tentacle's
        // auth_allowed_ciphers): the mon allowed every other type
        List<Integer> allowed = io.msgr2.spec.auth.cephx.KeyServer.ALL_CIPHERS;
        Optional<AuthRequestMore> more = Dissector.first(up, AuthRequestMore.class);
        if (o.keys().key().isPresent() && more.isPresent() && !draws.isEmpty()) {
            CryptoKey k = o.keys().key().get();
            DencReader m = new DencReader(more.get().payload());
            m.u16();
            Authenticate a = Authenticate.decode(m);
            if (Authenticate.proof(k, new DencReader(draws.get(0)).u64(), a.clientChallenge()) == a.key()) {
                allowed = allowed.stream().filter(t -> t != k.type()).toList();
            }
        }
        io.msgr2.spec.auth.cephx.KeyServer ks = new io.msgr2.spec.auth.cephx.KeyServer(keyring, Map.of(),
                Cephx.AUTH_TICKET_TTL, Cephx.SERVICE_TICKET_TTL, allowed, CryptoKey.TYPE_AES, false);
        EntityName name = new EntityName(hello.entityType(), "replay");
        Config config = ImmutableConfig.builder().name(name)
                .auth(CephxConfig.mon(name, ks).withServerModes(refused.allowedModes()))
                .banner(new Banner(banners[1].supported() & ~Msgr2Features.COMPRESSION, banners[1].required()))
                .compression(serverCompression(o, banners[1], down))
                .wireImage(CodecWireImage.INSTANCE).defaultPolicy(Policy.STATELESS_SERVER).build();
        Env env = new Env(Entropy.scripted(draws), 0, 1, EntityAddrVec.EMPTY, UTime.ZERO);
        return Either.right(Replay.server(Messenger.create(config, env), hello.peerAddr(), Optional.empty()));
    }

    /**
     * The bytes our server's transcript records for what it sends: the same substitution as
     * on the wire, so that the client's AUTH_SIGNATURE (over what it received) verifies.
     */
    private static io.msgr2.spec.conn.WireImage wireImage(
            Optional<java.util.function.Function<Frame, Replay.Substituted>> substitute) {
        if (substitute.isEmpty()) {
            return CodecWireImage.INSTANCE;
        }
        return new io.msgr2.spec.conn.WireImage() {
            @Override
            public Bytes banner(Banner banner) {
                return CodecWireImage.INSTANCE.banner(banner);
            }

            @Override
            public Bytes plainFrame(Frame frame, boolean rev1) {
                return CodecWireImage.INSTANCE.plainFrame(substitute.get().apply(frame).frame(), rev1);
            }
        };
    }

    // ---------------------------------------------------------------- helpers

    /** The compressed segments the captured side sent, in order (msgr2.1 crc framing). */
    static List<Bytes> compressed(Dissector.Direction own, Bytes stream) {
        List<Bytes> out = new ArrayList<>();
        for (Dissector.Span s : own.spans()) {
            if (!s.info().compressed() || s.info().format().secure()) {
                continue;
            }
            int at = s.offset() + 32;
            List<Integer> l = s.info().wireLengths();
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i) > 0) {
                    out.add(stream.slice(at, l.get(i)));
                }
                at += l.get(i);
                if (i == 0 && l.get(0) > 0) {
                    at += 4;
                }
            }
        }
        return out;
    }

    static Bytes le64(long v) {
        return new DencWriter(8).u64(v).toBytes();
    }

}
