package io.msgr2.examples;

import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.AuthMethods;
import io.msgr2.spec.auth.MAuth;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.KeyServer;
import io.msgr2.spec.auth.cephx.Keyring;
import io.msgr2.spec.auth.cephx.ServiceSecrets;
import io.msgr2.spec.auth.cephx.TicketRequests;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.conn.CloseReason;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MessageType;
import io.msgr2.spec.wire.MsgHeader2;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code msgr2 serve --port P [--as mon|osd|mgr|mds|client] [--auth none] [--mode crc]}: a
 * msgr2 server that presents itself as the given entity type (mon by default, since the
 * {@code ceph} CLI stops when HELLO says anything else), answers CEPH_MSG_PING with a PING
 * and echoes every other message. It logs each session that reaches READY.
 */
@picocli.CommandLine.Command(name = "serve", mixinStandardHelpOptions = true,
        description = "A msgr2 server: answers CEPH_MSG_PING, echoes other messages, logs each session that reaches "
                + "READY.")
final class ServeCommand implements java.util.concurrent.Callable<Integer> {
    private final Main.Io streams;

    @picocli.CommandLine.Option(names = "--port", required = true, paramLabel = "P", description = "the TCP port")
    int port;

    @picocli.CommandLine.Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "the address to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @picocli.CommandLine.Option(names = "--as", paramLabel = "mon|osd|mgr|mds|client", defaultValue = "mon",
            description = "the entity type our HELLO says (default: ${DEFAULT-VALUE}: the ceph CLI wants a mon)")
    String as;

    @picocli.CommandLine.Option(names = "--auth", paramLabel = "none|cephx|cephx,none",
            description = "the auth methods allowed, in order (default: cephx with --keyring or --service-key, "
                    + "else none)")
    String authOption;

    @picocli.CommandLine.Option(names = "--mode", paramLabel = "crc,secure",
            description = "the connection modes allowed, in order (default: crc,secure with cephx, crc with none)")
    String mode;

    @picocli.CommandLine.Option(names = "--keyring", paramLabel = "FILE",
            description = "the entities a mon-role server accepts with cephx")
    String keyring;

    @picocli.CommandLine.Option(names = "--service-key", paramLabel = "BASE64",
            description = "the secret of a service-role server (and what a mon seals its tickets with)")
    String serviceKey;

    @picocli.CommandLine.Option(names = "--allowed-ciphers", paramLabel = "aes,aes256k",
            description = "the key types a mon accepts (Tentacle's auth_allowed_ciphers)")
    String allowedCiphers;

    @picocli.CommandLine.Mixin
    CompressOption compress = new CompressOption();

    @picocli.CommandLine.Option(names = "--trace", description = "print every frame and state change")
    boolean trace;

    @picocli.CommandLine.Option(names = "--for", paramLabel = "SECONDS", defaultValue = "0",
            description = "stop after this long (default: run until killed)")
    long forSeconds;

    @picocli.CommandLine.Mixin
    TransportOption transport = new TransportOption();

    ServeCommand(Main.Io io) {
        this.streams = io;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream out = streams.out();
        if (port < 1 || port > 65535) {
            throw new UsageException("--port takes a port between 1 and 65535");
        }
        if (forSeconds < 0) {
            throw new UsageException("--for takes a number of seconds >= 0");
        }
        EntityType type = EntityType.byName(as)
                .orElseThrow(() -> new UsageException("--as takes mon, osd, mgr, mds or client"));
        String auth = authOption != null ? authOption : keyring != null || serviceKey != null ? "cephx" : "none";
        EntityName name = new EntityName(type, type.equals(EntityType.MON) ? "a" : "0");
        ServerAuth sa = serverAuth(auth, name);
        io.msgr2.io.ImmutableMessengerOptions.Builder b = MessengerOptions.builder().name(name).gid(type.equals(EntityType.MON) ? 0 : 1)
                .auth(sa.config()).defaultPolicy(Policy.STATELESS_SERVER).nonce(0)
                .compression(compress.compression()).stack(transport.stack());
        if (trace) {
            b.tracer(line -> out.println("trace | " + line));
        }
        Msgr2Messenger m = Msgr2Messenger.server(b.build(), new InetSocketAddress(bind, port), new Msgr2Listener() {
            @Override
            public void onAccepted(Msgr2Connection c) {
                var s = c.snapshot().session();
                var link = c.snapshot().link();
                String who = link.flatMap(l -> l.auth()).flatMap(x -> x.entity()).map(Object::toString)
                        .orElse(s.peer().type().cephName());
                out.println("READY: accepted " + who + link.flatMap(l -> l.auth())
                        .map(x -> " (global_id " + x.globalId() + ")").orElse("") + " at " + s.peer().addrs() + " ("
                        + c + ", " + link.map(l -> l.auth().map(x -> x.mode().toString()).orElse("?")
                        + (l.rev1() ? ", msgr2.1" : ", msgr2.0")).orElse("") + ")");
            }

            @Override
            public void onMessage(Msgr2Connection c, Message msg) {
                out.println("message " + MessageType.describe(msg.header().type()) + " seq " + msg.header().seq()
                        + " front " + msg.front().length() + "B from " + c);
                if (msg.header().type() == MAuth.TYPE && sa.keyServer().isPresent()) {
                    answerAuth(c, msg, sa.keyServer().get());
                } else if (msg.header().type() == MessageType.PING) {
                    DencWriter w = new DencWriter();
                    w.string("{\"pong\":\"msgr2-java\",\"as\":\"" + name + "\"}");
                    c.send(new Message(MsgHeader2.of(MessageType.PING, MsgHeader2.PRIO_DEFAULT, 1, 0), w.toBytes(),
                            Bytes.EMPTY, Bytes.EMPTY));
                } else {
                    c.send(new Message(MsgHeader2.of(msg.header().type(), msg.header().priority(),
                            msg.header().version(), msg.header().compatVersion()), msg.front(), msg.middle(), msg.data()));
                }
            }

            @Override
            public void onTransportClosed(Msgr2Connection c, CloseReason reason) {
                out.println("closed " + c + ": " + reason.describe());
            }
        });
        out.println("msgr2 serve: " + name + " listening on " + m.addrs() + " (auth " + auth + ", modes "
                + sa.config().serverModes() + ", the " + m.stack().name() + " transport)");
        long seconds = forSeconds;
        Runtime.getRuntime().addShutdownHook(new Thread(m::close));
        if (seconds > 0) {
            Thread.sleep(seconds * 1000);
            m.close();
        } else {
            Thread.currentThread().join();
        }
        return 0;
    }

    /** The server's auth configuration and, in the mon role with cephx, its key server. */
    record ServerAuth(AuthConfig config, Optional<KeyServer> keyServer) {}

    /**
     * {@code --auth} lists the methods allowed, in order; {@code --mode} the modes. cephx in
     * the mon role takes {@code --keyring} (the entities it accepts) and seals service tickets
     * with fresh rotating secrets, or with {@code --service-key} when given so a Java service
     * started with the same key accepts them; in a service role it takes {@code --service-key}.
     */
    ServerAuth serverAuth(String auth, EntityName name) {
        List<ConnectionMode> modes = ClientOptions.modes(mode != null ? mode : auth.startsWith("cephx") ? "crc,secure"
                : "crc");
        if (!auth.contains("cephx") && !modes.contains(ConnectionMode.CRC)) {
            throw new UsageException("no client can meet auth none with secure mode only: secure mode needs cephx's "
                    + "session key (give --keyring or --service-key, or allow crc)");
        }
        List<AuthConfig> configs = new ArrayList<>();
        Optional<KeyServer> keyServer = Optional.empty();
        for (String method : auth.split(",")) {
            switch (method.trim()) {
                case "none" -> configs.add(new AuthNoneServer(name, modes));
                case "cephx" -> {
                    Optional<CryptoKey> serviceKeyValue = Optional.ofNullable(serviceKey).map(k -> CryptoKey.fromBase64(k)
                            .filter(CryptoKey::usable).orElseThrow(() -> new UsageException(
                                    "--service-key is not a base64 cephx key")));
                    if (name.type().equals(EntityType.MON)) {
                        if (keyring == null) {
                            throw new UsageException("--auth cephx as a mon needs --keyring FILE");
                        }
                        Keyring entities = ClientOptions.keyring(keyring);
                        byte[] seed = new byte[32];
                        new SecureRandom().nextBytes(seed);
                        KeyServer ks = KeyServer.create(entities, Entropy.drbg(Bytes.wrap(seed)), Msgr2Clock.now())
                                .keyServer();
                        if (allowedCiphers != null) {
                            List<Integer> allowed = new ArrayList<>();
                            for (String c : allowedCiphers.split(",")) {
                                allowed.add(switch (c.trim()) {
                                    case "aes" -> CryptoKey.TYPE_AES;
                                    case "aes256k" -> CryptoKey.TYPE_AES256K;
                                    default -> throw new UsageException("--allowed-ciphers takes aes, aes256k or both");
                                });
                            }
                            ks = ks.withAllowedCiphers(allowed);
                        }
                        if (serviceKeyValue.isPresent()) {
                            for (EntityType t : List.of(EntityType.OSD, EntityType.MGR, EntityType.MDS)) {
                                ks = ks.withServiceKey(t, serviceKeyValue.get());
                            }
                        }
                        keyServer = Optional.of(ks);
                        configs.add(CephxConfig.mon(name, ks).withServerModes(modes));
                    } else {
                        CryptoKey k = serviceKeyValue.orElseThrow(() -> new UsageException(
                                "--auth cephx as " + name.type().cephName() + " needs --service-key BASE64"));
                        configs.add(CephxConfig.service(name, ServiceSecrets.single(name.type(), k)).withServerModes(modes));
                    }
                }
                default -> throw new UsageException("--auth takes none, cephx or a list like cephx,none");
            }
        }
        return new ServerAuth(AuthMethods.of(configs), keyServer);
    }

    /** Auth none for a server, with the modes asked for (crc is all it can do). */
    record AuthNoneServer(EntityName name, List<ConnectionMode> modes) implements AuthConfig {
        public List<io.msgr2.spec.wire.AuthMethod> clientMethods() {
            return List.of();
        }

        public List<ConnectionMode> clientModes() {
            return modes;
        }

        public Optional<io.msgr2.spec.auth.ClientAuth> client(io.msgr2.spec.wire.AuthMethod m, EntityType t) {
            return Optional.empty();
        }

        public List<io.msgr2.spec.wire.AuthMethod> serverMethods() {
            return List.of(io.msgr2.spec.wire.AuthMethod.NONE);
        }

        public List<ConnectionMode> serverModes() {
            return modes;
        }

        public Optional<io.msgr2.spec.auth.ServerAuth> server(io.msgr2.spec.wire.AuthMethod m) {
            return AuthConfig.none(name, 0).server(m);
        }
    }

    /** MAuth on a mon-role server: service tickets (GET_PRINCIPAL_SESSION_KEY) and rotating secrets. */
    static void answerAuth(Msgr2Connection c, Message msg, KeyServer ks) {
        var req = MAuth.Request.decode(msg.front());
        if (req.isLeft()) {
            return;
        }
        var peer = c.snapshot().session().peer();
        EntityName who = new EntityName(peer.type(), Long.toString(peer.gid()));
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        TicketRequests.Answer ans = TicketRequests.answer(ks, who, req.get().authPayload(), Entropy.drbg(Bytes.wrap(seed)),
                Msgr2Clock.now());
        MAuth.Reply reply = new MAuth.Reply(req.get().protocol(), ans.result(), 0, ans.resultBl(), "");
        c.send(new Message(MsgHeader2.of(MAuth.REPLY_TYPE, MsgHeader2.PRIO_DEFAULT, 1, 1), reply.front(), Bytes.EMPTY,
                Bytes.EMPTY));
    }
}
