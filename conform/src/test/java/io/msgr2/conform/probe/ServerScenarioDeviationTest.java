package io.msgr2.conform.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.codec.CodecWireImage;
import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.codec.frame.Wire;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.KeyServer;
import io.msgr2.spec.auth.cephx.Keyring;
import io.msgr2.spec.conn.Compression;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.frame.Ack;
import io.msgr2.spec.frame.AuthBadMethod;
import io.msgr2.spec.frame.CompressionDone;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.IdentMissingFeatures;
import io.msgr2.spec.frame.Keepalive2Ack;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.SessionReset;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.UTime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No server scenario passes vacuously: each one FAILs against our own spec server changed to
 * break exactly the rule that scenario checks (the {@link SpecServer.Deviation} named for it),
 * while the same server without the deviation passes every scenario.
 */
class ServerScenarioDeviationTest {
    static final EntityName MON = new EntityName(EntityType.MON, "a");
    static final EntityName ADMIN = new EntityName(EntityType.CLIENT, "admin");
    static final UTime NOW = new UTime(1_764_900_000, 0);
    static final CryptoKey.Made KEY = CryptoKey.random(Entropy.seeded(7), NOW);
    static final Duration TIMEOUT = Duration.ofMillis(1500);

    /** The rule each scenario checks, broken: keyed by the scenario's name without its framing suffix. */
    static final Map<String, SpecServer.Deviation> BROKEN = new LinkedHashMap<>();

    static {
        SpecServer.Deviation none = SpecServer.Deviation.NONE;
        for (String closes : List.of("banner.required-unknown", "banner.garbage", "banner.frame-first",
                "framing.second-banner", "framing.preamble-crc", "framing.segment-crc", "framing.unknown-tag",
                "auth.wrong-signature", "auth.bad-gcm-tag", "session.ident-wrong-target",
                "compression.request-without-bit")) {
            BROKEN.put(closes, none.withNeverClose()); // it should drop the connection; it stays
        }
        BROKEN.put("banner.truncated", none.withEagerHello()); // HELLO before the client's whole banner
        BROKEN.put("banner.msgr2.0", none.withHooks(wire(Tag.HELLO))); // a HELLO that does not decode
        BROKEN.put("framing.one-byte-writes", none.withCloseOnShortRead()); // gives up on short reads
        BROKEN.put("framing.large-segment", none.withDieAfter(32 << 10)); // stops serving when a big frame comes
        BROKEN.put("timeouts.idle-before-banner", none.withGarbageBanner()); // answers with bytes that are not msgr2
        BROKEN.put("timeouts.idle-in-auth", none.withGarbageBanner());
        BROKEN.put("auth.unknown-method", none.withHooks(frames(f -> f instanceof AuthBadMethod b
                ? new AuthBadMethod(b.method(), b.result(), List.of(), b.allowedModes()) : f))); // lists no methods
        BROKEN.put("auth.no-common-mode", none.withHooks(frames(f -> f instanceof AuthBadMethod b
                ? new AuthBadMethod(b.method(), -13, b.allowedMethods(), b.allowedModes()) : f))); // -EACCES, not -95
        BROKEN.put("session.reconnect-unknown-cookies", none.withHooks(frames(f -> f instanceof SessionReset
                ? new SessionReset(false) : f))); // a partial reset
        BROKEN.put("session.ident-missing-features", none.withHooks(frames(f -> f instanceof IdentMissingFeatures
                ? new IdentMissingFeatures(0) : f))); // names nothing
        BROKEN.put("ready.keepalive", none.withHooks(frames(f -> f instanceof Keepalive2Ack
                ? new Keepalive2Ack(new UTime(1, 2)) : f))); // another stamp
        BROKEN.put("ready.ack-beyond-sent", none.withCloseOn(f -> f instanceof Ack)); // faults on the ACK
        BROKEN.put("ready.seq-gap", none.withCloseOn(f -> f instanceof Message m && m.header().seq() > 1));
        BROKEN.put("auth.wrong-key", none.withHooks(frames(f -> f instanceof AuthBadMethod b && b.result() == -13
                ? new io.msgr2.spec.frame.AuthDone(4242, ConnectionMode.CRC, Bytes.EMPTY) : f))); // takes any proof
        BROKEN.put("compression.unknown-method", none.withHooks(frames(f -> f instanceof CompressionDone
                ? new CompressionDone(true, CompressionMethod.SNAPPY) : f))); // picks a method not asked for
    }

    static Hooks frames(UnaryOperator<Frame> f) {
        return AfterAuthScenarios.frames(f);
    }

    /** The frame with tag {@code t} replaced by bytes that do not decode. */
    static Hooks wire(Tag t) {
        return new Hooks() {
            @Override
            public Wire frameWire(Frame f, Wire encoded) {
                return f.tag() == t ? Wire.of(List.of(Bytes.zeros((int) encoded.length()))) : encoded;
            }
        };
    }

    static Credentials admin() {
        return new Credentials(ADMIN, Optional.of(KEY.key()));
    }

    /** Our mon-role server: cephx for client.admin and auth none, crc and secure, the COMPRESSION bit. */
    static Config config() {
        return config(MON);
    }

    static Config config(EntityName name) {
        KeyServer ks = KeyServer.create(Keyring.of(ADMIN, KEY.key(), Map.of("mon", "allow *")), KEY.entropy(), NOW)
                .keyServer();
        return ImmutableConfig.builder().name(name).gid(0)
                .auth(new ClientScenarios.ServerAuth(Optional.of(ks)).config(List.of(ConnectionMode.CRC,
                        ConnectionMode.SECURE)))
                .compression(Compression.DECLINE).defaultPolicy(Policy.STATELESS_SERVER)
                .wireImage(CodecWireImage.INSTANCE).build();
    }

    /** A server on 127.0.0.1 serving every connection with {@code d} until closed. */
    static final class DeviantServer implements AutoCloseable {
        final ServerSocket listening;
        final Thread acceptor;

        DeviantServer(SpecServer.Deviation deviation) throws IOException {
            this(deviation, MON);
        }

        DeviantServer(SpecServer.Deviation deviation, EntityName name) throws IOException {
            listening = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            SpecServer.Deviation d = deviation.dieAfterBytes() == Long.MAX_VALUE ? deviation
                    : deviation.withDieAfter(deviation.dieAfterBytes(), () -> {
                        try {
                            listening.close(); // the deviation: no more connections
                        } catch (IOException e) {
                            // closed already
                        }
                    });
            Config cfg = config(name);
            acceptor = Thread.ofVirtual().start(() -> {
                while (!listening.isClosed()) {
                    try {
                        Socket s = listening.accept();
                        Thread.ofVirtual().start(() -> {
                            try {
                                SpecServer.serveSocket(s, System.nanoTime() + 20_000_000_000L,
                                        SpecServer.messenger(cfg, listening.getLocalPort()), d, now -> List.of(),
                                        fs -> false, fs -> false);
                            } catch (IOException e) {
                                // the probe went away
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        InetSocketAddress addr() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), listening.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            listening.close();
            acceptor.interrupt();
        }
    }

    static Stream<Arguments> scenarios() {
        return ServerScenarios.all(admin(), 0).stream().map(s -> Arguments.of(s.name(), s));
    }

    /**
     * The lossless reconnect scenarios, as osd.9 with auth none, against an OSD-named server that
     * forgets every session when its TCP connection ends (it answers the reconnect with
     * SESSION_RESET where the rule wants SESSION_RETRY or SESSION_RETRY_GLOBAL).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("losslessScenarios")
    void losslessReconnectFailsAgainstAServerThatForgetsSessions(String name, Scenario s) throws Exception {
        try (DeviantServer server = new DeviantServer(SpecServer.Deviation.NONE, OSD0)) {
            Outcome o = s.run(server.addr(), TIMEOUT);
            assertEquals(Verdict.FAIL, o.verdict(), name + " against a server that forgets sessions: " + o);
        }
    }

    static final EntityName OSD0 = new EntityName(EntityType.OSD, "0");

    static Stream<Arguments> losslessScenarios() {
        return ServerScenarios.all(new Credentials(new EntityName(EntityType.OSD, "9"), Optional.empty()), 0).stream()
                .filter(s -> s instanceof LosslessReconnect).map(s -> Arguments.of(s.name(), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void failsAgainstAServerThatBreaksItsRule(String name, Scenario s) throws Exception {
        String rule = name.replaceAll("\\.rev[01]$", "");
        if (s instanceof LosslessReconnect) {
            return; // as client.admin it skips; losslessReconnectFailsAgainstAServerThatForgetsSessions covers it
        }
        SpecServer.Deviation d = BROKEN.get(rule);
        assertTrue(d != null, "no deviation written for " + rule);
        try (DeviantServer server = new DeviantServer(d)) {
            Outcome o = s.run(server.addr(), TIMEOUT);
            assertEquals(Verdict.FAIL, o.verdict(), name + " against a server that breaks it: " + o);
        }
    }

    /** The same server without a deviation passes every scenario: the failures above are the deviations'. */
    @Test
    void ourServerWithoutADeviationPassesEveryScenario() throws Exception {
        try (DeviantServer server = new DeviantServer(SpecServer.Deviation.NONE)) {
            Probe.Report r = Probe.run(ServerScenarios.all(admin(), 0), server.addr(), TIMEOUT, "");
            // all but the lossless reconnects, which need an OSD and skip as client.admin
            assertEquals(r.results().size() - 4, r.count(Verdict.PASS), () -> String.join("\n",
                    r.results().stream().map(Probe.Result::line).toList()));
            assertEquals(4, r.count(Verdict.SKIP));
        }
    }
}
