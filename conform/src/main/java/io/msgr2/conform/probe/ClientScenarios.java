package io.msgr2.conform.probe;

import io.msgr2.codec.CodecWireImage;
import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.codec.frame.Wire;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.AuthMethods;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.KeyServer;
import io.msgr2.spec.conn.Compression;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.frame.AuthBadMethod;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthReplyMore;
import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.IdentMissingFeatures;
import io.msgr2.spec.frame.Keepalive2Ack;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.frame.SessionReset;
import io.msgr2.spec.frame.SessionRetry;
import io.msgr2.spec.frame.SessionRetryGlobal;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.frame.Wait;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.Msgr2Features;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Scenarios for an msgr2 client ({@code ./msgr2 probe client --exec 'COMMAND {addr}'}): the
 * probe is a mon-role server on our spec and codec that deviates in one way, starts the client
 * under test with {@code {addr}} replaced by its address ({@code v2:127.0.0.1:PORT}) and judges
 * what the client does on the wire. The session scenarios (WAIT, RETRY, RETRY_GLOBAL, RESET)
 * apply to lossless clients; a lossy one (the {@code ceph} CLI, librados' mon client) skips
 * them, saying so.
 */
public final class ClientScenarios {
    private ClientScenarios() {}

    static final String PROTOCOL = ServerScenarios.PROTOCOL;
    static final String FRAMES_SRC = ServerScenarios.FRAMES;
    static final EntityName MON = new EntityName(EntityType.MON, "a");
    static final List<ConnectionMode> CRC_SECURE = List.of(ConnectionMode.CRC, ConnectionMode.SECURE);
    static final UTime STAMP = new UTime(1_700_000_000, 987_654_321);

    /**
     * How the probe's server authenticates clients: auth none, or cephx with the entities of a
     * keyring (then auth none is allowed too, crc only).
     */
    public record ServerAuth(Optional<KeyServer> keyServer) {
        public static final ServerAuth NONE = new ServerAuth(Optional.empty());

        AuthConfig config(List<ConnectionMode> modes) {
            return keyServer.<AuthConfig>map(ks -> AuthMethods.of(List.of(CephxConfig.mon(MON, ks).withServerModes(modes),
                    AuthConfig.none(MON, 0)))).orElseGet(() -> AuthConfig.none(MON, 0));
        }
    }

    /**
     * Every client scenario, msgr2.1 and msgr2.0, against {@code command} ({@code {addr}} in
     * it). {@code lossless}: the client keeps lossless sessions (an OSD-like peer); otherwise
     * the session scenarios skip. A client cannot be told lossy from the wire before
     * SERVER_IDENT: Pacific's {@code ceph} CLI sends CLIENT_IDENT with flags 0 and learns that
     * its mon session is lossy from the mon's SERVER_IDENT.
     */
    public static List<Scenario> all(String command, ServerAuth auth, boolean lossless) {
        List<Scenario> out = new ArrayList<>();
        for (boolean rev1 : List.of(true, false)) {
            String f = rev1 ? ".rev1" : ".rev0";
            out.add(scenario("client.handshake" + f, "the client completes the handshake in "
                    + (rev1 ? "msgr2.1" : "msgr2.0") + " framing: every frame it sends decodes and verifies, up to "
                    + "CLIENT_IDENT", PROTOCOL + " (client side: send_auth_request .. send_client_ident)", command, auth,
                    rev1, false, List.of(ConnectionMode.CRC), Hooks.NONE, none(), ClientScenarios::sentIdent,
                    r -> !r.observed().malformed() && sentIdent(r.observed().frames()) && r.reachedReady(),
                    "frames that decode, CLIENT_IDENT, READY"));
            out.add(scenario("client.secure" + f, "in secure mode the client's frames after AUTH_DONE are AES-GCM "
                    + "sealed with the session key: they decrypt and verify, up to CLIENT_IDENT",
                    "src/msg/async/crypto_onwire.cc (AES128GCM_OnWireTxHandler)", command, auth, rev1, false,
                    List.of(ConnectionMode.SECURE), Hooks.NONE, none(), ClientScenarios::sentIdent,
                    r -> !r.observed().malformed() && sentIdent(r.observed().frames()),
                    "CLIENT_IDENT decrypted and verified").needsKey());
            out.add(scenario("client.no-compression-without-bit" + f, "a client sends no COMPRESSION_REQUEST to a "
                    + "server whose banner lacks the COMPRESSION bit (Pacific faults on tag 20)",
                    PROTOCOL + " post_client_banner_exchange / send_compression_request (only if the peer has the bit)",
                    command, auth, rev1, false, List.of(ConnectionMode.CRC), Hooks.NONE, none(),
                    ClientScenarios::sentIdent,
                    r -> sentIdent(r.observed().frames()) && r.observed().frames().stream()
                            .noneMatch(x -> x.tag() == Tag.COMPRESSION_REQUEST),
                    "CLIENT_IDENT and no COMPRESSION_REQUEST"));
            out.add(scenario("client.compression-with-bit" + f, "a Quincy+ client whose banner has the COMPRESSION "
                    + "bit sends COMPRESSION_REQUEST before CLIENT_IDENT to a server that has it too",
                    PROTOCOL + " handle_auth_signature -> send_compression_request", command, auth, rev1, true,
                    List.of(ConnectionMode.CRC), Hooks.NONE, none(), ClientScenarios::sentIdent,
                    r -> firstIndex(r, Tag.COMPRESSION_REQUEST) >= 0
                            && firstIndex(r, Tag.COMPRESSION_REQUEST) < firstIndex(r, Tag.CLIENT_IDENT),
                    "COMPRESSION_REQUEST, then CLIENT_IDENT")
                    .skipIf(r -> r.observed().banner().filter(b -> !b.has(Msgr2Features.COMPRESSION))
                            .map(b -> "the client's banner has no COMPRESSION bit (before Quincy)")));
            out.add(scenario("client.auth-bad-method" + f, "AUTH_BAD_METHOD allowing only a method the client did not "
                    + "ask for ends that attempt: no CLIENT_IDENT follows on the connection",
                    PROTOCOL + " handle_auth_bad_method (auth client picks another method or fails)", command, auth,
                    rev1, false, List.of(ConnectionMode.CRC),
                    frames(x -> x instanceof AuthDone || x instanceof AuthReplyMore ? new AuthBadMethod(AuthMethod.NONE,
                            -95, List.of(new AuthMethod(42)), List.of(ConnectionMode.CRC)) : x),
                    none(), ClientScenarios::sentIdent,
                    r -> !sentIdent(r.observed().frames()), "no CLIENT_IDENT on that connection"));
            out.add(scenario("client.ident-missing-features" + f, "IDENT_MISSING_FEATURES in place of SERVER_IDENT is a "
                    + "fault: the client sends no message on that connection",
                    PROTOCOL + " handle_ident_missing_features (fault)", command, auth, rev1, false,
                    List.of(ConnectionMode.CRC),
                    frames(x -> x instanceof ServerIdent ? new IdentMissingFeatures(1L << 59) : x), none(),
                    fs -> fs.stream().anyMatch(x -> x.tag() == Tag.MESSAGE),
                    r -> r.observed().frames().stream().noneMatch(x -> x.tag() == Tag.MESSAGE),
                    "no MESSAGE after IDENT_MISSING_FEATURES"));
            out.add(scenario("client.server-ident-wrong-addr" + f, "a SERVER_IDENT whose addresses do not contain "
                    + "the one the client dialled is a fault: the client sends no message on that connection",
                    PROTOCOL + " handle_server_ident (peer's addrs must contain target_addr)", command, auth, rev1, false,
                    List.of(ConnectionMode.CRC),
                    frames(x -> x instanceof ServerIdent si ? new ServerIdent(EntityAddrVec.of(EntityAddr.v2(
                            SockAddr.Inet4.of(192, 0, 2, 1, 6789), 0)), si.gid(), si.globalSeq(), si.supportedFeatures(),
                            si.requiredFeatures(), si.flags(), si.serverCookie()) : x), none(),
                    fs -> fs.stream().anyMatch(x -> x.tag() == Tag.MESSAGE),
                    r -> r.observed().frames().stream().noneMatch(x -> x.tag() == Tag.MESSAGE),
                    "no MESSAGE after the wrong SERVER_IDENT"));
            out.add(scenario("client.keepalive" + f, "a client answers the server's KEEPALIVE2 with KEEPALIVE2_ACK "
                    + "carrying the same timestamp", PROTOCOL + " handle_keepalive2 (either side)", command, auth, rev1,
                    false, List.of(ConnectionMode.CRC), Hooks.NONE, now -> List.of(new Input.KeepaliveRequested(STAMP)),
                    fs -> fs.stream().anyMatch(x -> x instanceof Keepalive2Ack),
                    r -> r.observed().frames().stream().anyMatch(x -> x instanceof Keepalive2Ack a
                            && a.timestamp().equals(STAMP)), "KEEPALIVE2_ACK(" + STAMP + ")"));
            out.add(scenario("client.short-segments" + f, "a client verifies segments shorter than 8 bytes "
                    + "(CRC32C or GCM over a 3-byte front): it accepts the MESSAGE and answers the KEEPALIVE2 after it",
                    FRAMES_SRC + " (per-segment crc / epilogue crc over any length)", command, auth, rev1, false,
                    List.of(ConnectionMode.CRC), Hooks.NONE, now -> List.of(new Input.SendRequested(new io.msgr2.spec
                            .frame.Message(io.msgr2.spec.wire.MsgHeader2.of(io.msgr2.spec.wire.MessageType.PING,
                            io.msgr2.spec.wire.MsgHeader2.PRIO_DEFAULT, 1, 0), Bytes.ascii("abc"), Bytes.EMPTY,
                            Bytes.EMPTY)), new Input.KeepaliveRequested(STAMP)),
                    fs -> fs.stream().anyMatch(x -> x instanceof Keepalive2Ack),
                    r -> r.observed().frames().stream().anyMatch(x -> x instanceof Keepalive2Ack a
                            && a.timestamp().equals(STAMP)), "KEEPALIVE2_ACK after the short MESSAGE"));
            out.add(scenario("client.server-closes-mid-frame" + f, "a server that closes in the middle of a frame "
                    + "(its AUTH_DONE) leaves the client to fault: it opens a new connection or ends, it does not hang "
                    + "on the half frame", PROTOCOL + " _fault (read error mid-frame)", command, auth, rev1, false,
                    List.of(ConnectionMode.CRC),
                    new Hooks() {
                        @Override
                        public Wire frameWire(Frame fr, Wire encoded) {
                            // its first answer to AUTH_REQUEST cut after 20 bytes, and nothing after it
                            return switch (fr.tag()) {
                                case AUTH_DONE, AUTH_REPLY_MORE -> Wire.of(List.of(encoded.toBytes().slice(0, 20)));
                                case AUTH_SIGNATURE -> Wire.of(List.of());
                                default -> encoded;
                            };
                        }
                    }, none(), fs -> false,
                    r -> r.laterConnections() > 0 || r.exited(), "a new connection, or the client ended")
                    .closesAfter(Tag.AUTH_REQUEST));
            out.add(scenario("client.session-wait" + f, "a lossless client answered WAIT in place of SERVER_IDENT "
                    + "(it lost a connect race) ends that attempt without READY and leaves room for the winner: no "
                    + "new connection within a second (Ceph retries after ms_max_backoff, 15 s)",
                    PROTOCOL + " handle_wait (fault with the retry after ms_max_backoff)", command, auth, rev1, false,
                    List.of(ConnectionMode.CRC), frames(x -> x instanceof ServerIdent ? new Wait() : x), none(),
                    fs -> false,
                    r -> r.laterConnections() == 0 && r.observed().frames().stream()
                            .filter(x -> x.tag() == Tag.CLIENT_IDENT).count() == 1
                            && r.observed().frames().stream().noneMatch(x -> x.tag() == Tag.MESSAGE),
                    "one CLIENT_IDENT, no MESSAGE (not READY), no new connection within a second")
                    .losslessOnly(lossless));
            for (Frame answer : List.of(new SessionRetry(5), new SessionRetryGlobal(1000), new SessionReset(true))) {
                String what = answer.tag().name().toLowerCase().replace("session_", "").replace('_', '-');
                out.add(scenario("client.session-" + what + f, "a lossless client answered " + answer.tag()
                        + " in place of SERVER_IDENT keeps its session: it does not go READY on this connection and "
                        + "comes back (a new connection or a new CLIENT_IDENT / SESSION_RECONNECT)",
                        PROTOCOL + " handle_session_retry / handle_session_retry_global / handle_session_reset",
                        command, auth, rev1, false, List.of(ConnectionMode.CRC),
                        frames(x -> x instanceof ServerIdent ? answer : x), none(), fs -> false,
                        r -> r.laterConnections() > 0 || r.observed().frames().stream()
                                .filter(x -> x.tag() == Tag.CLIENT_IDENT || x.tag() == Tag.SESSION_RECONNECT).count() > 1,
                        "the client comes back").losslessOnly(lossless));
            }
        }
        return out;
    }

    static Hooks frames(UnaryOperator<Frame> f) {
        return AfterAuthScenarios.frames(f);
    }

    static Function<UTime, List<Input>> none() {
        return now -> List.of();
    }

    static boolean sentIdent(List<Frame> fs) {
        return fs.stream().anyMatch(x -> x.tag() == Tag.CLIENT_IDENT);
    }

    static int firstIndex(Run r, Tag t) {
        List<Frame> fs = r.observed().frames();
        for (int i = 0; i < fs.size(); i++) {
            if (fs.get(i).tag() == t) {
                return i;
            }
        }
        return -1;
    }

    static ClientScenario scenario(String name, String rule, String source, String command, ServerAuth auth,
                                   boolean rev1, boolean compressionBit, List<ConnectionMode> modes, Hooks hooks,
                                   Function<UTime, List<Input>> afterReady, Predicate<List<Frame>> done,
                                   Predicate<Run> expected, String expectation) {
        return new ClientScenario(name, rule, source, command, auth, rev1, compressionBit, modes, hooks, afterReady,
                done, expected, expectation, r -> Optional.empty(), false, false, Optional.empty());
    }

    /** What the client did: on the wire (the first connection), later connections, and whether its process ended. */
    record Run(Observed observed, boolean reachedReady, int laterConnections, boolean exited) {}

    /** One client scenario. */
    record ClientScenario(String name, String rule, String source, String command, ServerAuth auth, boolean rev1,
                          boolean compressionBit, List<ConnectionMode> modes, Hooks hooks,
                          Function<UTime, List<Input>> afterReady, Predicate<List<Frame>> done,
                          Predicate<Run> expected, String expectation, Function<Run, Optional<String>> skip,
                          boolean needsKeyFlag, boolean losslessOnlyFlag, Optional<Tag> closeAfter)
            implements Scenario {
        ClientScenario needsKey() {
            return new ClientScenario(name, rule, source, command, auth, rev1, compressionBit, modes, hooks, afterReady,
                    done, expected, expectation, skip, true, losslessOnlyFlag, closeAfter);
        }

        /** Skipped unless the client under test keeps lossless sessions. */
        ClientScenario losslessOnly(boolean clientIsLossless) {
            return new ClientScenario(name, rule, source, command, auth, rev1, compressionBit, modes, hooks, afterReady,
                    done, expected, expectation, skip, needsKeyFlag, !clientIsLossless, closeAfter);
        }

        ClientScenario skipIf(Function<Run, Optional<String>> why) {
            return new ClientScenario(name, rule, source, command, auth, rev1, compressionBit, modes, hooks, afterReady,
                    done, expected, expectation, why, needsKeyFlag, losslessOnlyFlag, closeAfter);
        }

        /** The server closes right after writing its answer to the client's {@code tag}. */
        ClientScenario closesAfter(Tag tag) {
            return new ClientScenario(name, rule, source, command, auth, rev1, compressionBit, modes, hooks, afterReady,
                    done, expected, expectation, skip, needsKeyFlag, losslessOnlyFlag, Optional.of(tag));
        }

        @Override
        public Outcome run(InetSocketAddress ignored, Duration timeout) {
            if (needsKeyFlag && auth.keyServer().isEmpty()) {
                return Outcome.skip("secure mode needs cephx: give the probe a --keyring with the client's entity");
            }
            Banner banner = rev1 ? Banner.PACIFIC
                    : new Banner(Banner.PACIFIC.supported() & ~Msgr2Features.REVISION_1, 0);
            var config = ImmutableConfig.builder().name(MON).gid(0).auth(auth.config(modes)).banner(banner)
                    .compression(compressionBit ? Compression.DECLINE : Compression.OFF)
                    .defaultPolicy(Policy.STATELESS_SERVER).wireImage(CodecWireImage.INSTANCE).build();
            try (ServerSocket ss = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
                String addr = "v2:127.0.0.1:" + ss.getLocalPort();
                Process p = new ProcessBuilder("sh", "-c", command.replace("{addr}", addr))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try {
                    Predicate<List<Frame>> closeWhen = closeAfter.<Predicate<List<Frame>>>map(t ->
                            fs -> fs.stream().anyMatch(x -> x.tag() == t)).orElse(fs -> false);
                    SpecServer.ClientRun cr = SpecServer.serve(ss, timeout, config, hooks, afterReady, done, closeWhen);
                    boolean exited = p.waitFor(cr.laterConnections() > 0 ? 0 : 300, java.util.concurrent.TimeUnit.MILLISECONDS);
                    Optional<ClientIdent> ident = cr.observed().frames().stream().filter(ClientIdent.class::isInstance)
                            .map(ClientIdent.class::cast).findFirst();
                    Run r = new Run(cr.observed(), cr.reachedReady(), cr.laterConnections(), exited);
                    if (cr.observed().banner().isEmpty()) {
                        return Outcome.fail(expectation, "the client never sent its banner (is {addr} in the command, "
                                + "and does it speak msgr2 to " + addr + "?)");
                    }
                    if (losslessOnlyFlag) {
                        return Outcome.skip("a session scenario, for clients that keep lossless sessions (give "
                                + "--lossless): a mon client's session is lossy and never reconnected; Ceph's lossless "
                                + "behaviour is calibrated on vectors/n-pacific-reconnect-inject");
                    }
                    Optional<String> why = skip.apply(r);
                    if (why.isPresent()) {
                        return Outcome.skip(why.get());
                    }
                    String seen = r.observed().describe().replace("banner, frames", "the client sent its banner, frames")
                            + (r.laterConnections() > 0 ? ", then " + r.laterConnections() + " more connection(s)" : "")
                            + (r.exited() ? ", its process ended (exit " + p.exitValue() + ")" : "")
                            + ident.map(ci -> " [CLIENT_IDENT flags " + ci.flags() + "]").orElse("");
                    return expected.test(r) ? Outcome.pass(seen) : Outcome.fail(expectation, seen);
                } finally {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                return Outcome.fail(expectation, "the probe could not run the client: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.fail(expectation, "interrupted");
            }
        }
    }
}
