package io.msgr2.spec.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.AuthOutcome;
import io.msgr2.spec.auth.ClientAuth;
import io.msgr2.spec.auth.ServerAuth;
import io.msgr2.spec.frame.AuthBadMethod;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthRequestMore;
import io.msgr2.spec.frame.AuthSignature;
import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.CompressionDone;
import io.msgr2.spec.frame.CompressionRequest;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Hello;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.Msgr2Features;
import io.msgr2.spec.wire.SockAddr;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The handshake's checks, one state and one frame at a time, with auth machines that answer
 * what each case needs. The rules are Ceph's as docs/facts/msgr2-session-facts.md (§3, §4,
 * §6.1) and docs/facts/msgr2-wire-facts.md (the connection secret) state them.
 */
class HandshakeRulesTest {
    /** A secret as cephx gives one for secure mode: 16 bytes of key and two 12-byte nonces are all msgr2 uses. */
    static final int SECRET_BYTES_USED = 16 + 2 * 12;
    static final Env ENV = ExhaustiveStateTagTest.in(StateKind.READY, Policy.LOSSLESS_CLIENT).env();

    /** A client machine whose AUTH_DONE answer is fixed. */
    record ClientScript(ClientAuth.Result onDone) implements ClientAuth {
        @Override
        public AuthMethod method() {
            return AuthMethod.CEPHX;
        }

        @Override
        public Result start(Env env) {
            return new Result.Send(Bytes.ascii("hi"), this, env);
        }

        @Override
        public Result onReplyMore(Bytes payload, Env env) {
            return new Result.Failed("no more rounds");
        }

        @Override
        public Result onDone(AuthDone done, Env env) {
            return onDone;
        }
    }

    /** A server machine whose answers are fixed. */
    record ServerScript(ServerAuth.Result onRequest, ServerAuth.Result onMore) implements ServerAuth {
        @Override
        public AuthMethod method() {
            return AuthMethod.CEPHX;
        }

        @Override
        public Result onRequest(Bytes payload, EntityType peerType, ConnectionMode mode, Env env) {
            return onRequest;
        }

        @Override
        public Result onRequestMore(Bytes payload, Env env) {
            return onMore;
        }
    }

    /** cephx only, in the given modes, with these machines (either may be absent). */
    record Auth(List<AuthMethod> methods, List<ConnectionMode> modes, Optional<ClientAuth> client,
                Optional<ServerAuth> server) implements AuthConfig {
        @Override
        public List<AuthMethod> clientMethods() {
            return methods;
        }

        @Override
        public List<ConnectionMode> clientModes() {
            return modes;
        }

        @Override
        public Optional<ClientAuth> client(AuthMethod method, EntityType peerType) {
            return client;
        }

        @Override
        public List<AuthMethod> serverMethods() {
            return methods;
        }

        @Override
        public List<ConnectionMode> serverModes() {
            return modes;
        }

        @Override
        public Optional<ServerAuth> server(AuthMethod method) {
            return server;
        }
    }

    static Conn in(StateKind k, Policy policy, AuthConfig auth) {
        Conn c = ExhaustiveStateTagTest.in(k, policy);
        return c.withConfig(ImmutableConfig.copyOf(c.config()).withAuth(auth));
    }

    static Auth cephx(List<ConnectionMode> modes, ClientAuth client) {
        return new Auth(List.of(AuthMethod.CEPHX), modes, Optional.ofNullable(client), Optional.empty());
    }

    static Conn authConnecting(List<ConnectionMode> modes, ClientAuth.Result onDone) {
        ClientScript script = new ClientScript(onDone);
        Conn c = in(StateKind.AUTH_CONNECTING, Policy.LOSSLESS_CLIENT, cephx(modes, script));
        return c.withPhase(new Phase.AuthConnecting(c.link().orElseThrow(), script));
    }

    static AuthOutcome outcome(ConnectionMode mode, int secretBytes) {
        return new AuthOutcome(4096, mode, Bytes.EMPTY, Bytes.wrap(new byte[secretBytes]));
    }

    static Transition authDone(Conn c) {
        return Step.step(c, new Input.FrameReceived(new AuthDone(4096, ConnectionMode.SECURE, Bytes.EMPTY)));
    }

    static List<Frame> sent(Transition t) {
        return t.effects().stream().filter(Effect.SendFrame.class::isInstance).map(e -> ((Effect.SendFrame) e).frame())
                .toList();
    }

    /** Why the transition closed its TCP connection (or stopped the connection). */
    static CloseReason closedFor(Transition t) {
        return t.effects().stream().filter(Effect.CloseTransport.class::isInstance)
                .map(e -> ((Effect.CloseTransport) e).reason()).findFirst()
                .orElseGet(() -> t.conn().phase() instanceof Phase.Closed cl ? cl.reason() : null);
    }

    static CloseReason.Violation violation(Transition t) {
        return assertInstanceOf(CloseReason.ProtocolViolation.class, closedFor(t)).violation();
    }

    // the client's AUTH_DONE (§3: AUTH_CONNECTING)

    @Test
    void anAuthDoneTheMethodRejectsIsAFaultWithTheMethodsReason() {
        Transition t = authDone(authConnecting(List.of(ConnectionMode.SECURE), new ClientAuth.Result.Failed("bad ticket")));
        assertEquals(new CloseReason.AuthFailed("bad ticket"), closedFor(t));
        assertEquals(List.of(), sent(t));
        assertEquals(StateKind.START_CONNECT, t.conn().kind()); // a lossless client backs off and retries

        Transition early = authDone(authConnecting(List.of(ConnectionMode.SECURE),
                new ClientAuth.Result.Send(Bytes.EMPTY, null, ENV)));
        assertInstanceOf(CloseReason.AuthFailed.class, closedFor(early));
        assertEquals(List.of(), sent(early));
    }

    @Test
    void anAuthDoneWithAModeThatIsNeitherCrcNorSecureIsAViolation() {
        ConnectionMode third = new ConnectionMode(3);
        Transition t = authDone(authConnecting(List.of(ConnectionMode.CRC, ConnectionMode.SECURE),
                new ClientAuth.Result.Done(outcome(third, 0), ENV)));
        assertEquals(CloseReason.Violation.UNKNOWN_CONNECTION_MODE, violation(t));
        assertEquals(List.of(), sent(t));
    }

    @Test
    void anAuthDoneWithAModeWeDidNotOfferIsAViolation() {
        Transition t = authDone(authConnecting(List.of(ConnectionMode.CRC),
                new ClientAuth.Result.Done(outcome(ConnectionMode.SECURE, 64), ENV)));
        assertEquals(CloseReason.Violation.MODE_NOT_OFFERED, violation(t));
        assertEquals(List.of(), sent(t));
    }

    @Test
    void secureModeNeedsAConnectionSecretOfFortyBytesAtLeastOnTheClient() {
        Transition short1 = authDone(authConnecting(List.of(ConnectionMode.SECURE),
                new ClientAuth.Result.Done(outcome(ConnectionMode.SECURE, SECRET_BYTES_USED - 1), ENV)));
        assertEquals(new CloseReason.AuthFailed("secure mode without a connection secret"), closedFor(short1));
        assertEquals(List.of(), sent(short1));

        Conn c = authConnecting(List.of(ConnectionMode.SECURE),
                new ClientAuth.Result.Done(outcome(ConnectionMode.SECURE, SECRET_BYTES_USED), ENV));
        Transition enough = authDone(c);
        assertEquals(StateKind.AUTH_CONNECTING_SIGN, enough.conn().kind());
        assertTrue(enough.effects().contains(new Effect.InstallSecure(Bytes.wrap(new byte[SECRET_BYTES_USED]))));
        assertInstanceOf(AuthSignature.class, sent(enough).get(0));
    }

    // the client's HELLO_CONNECTING and its first AUTH_REQUEST

    @Test
    void aHelloFromAnotherEntityTypeStopsTheConnection() {
        Conn c = ExhaustiveStateTagTest.in(StateKind.HELLO_CONNECTING, Policy.LOSSLESS_CLIENT);
        Transition t = Step.step(c, new Input.FrameReceived(new Hello(EntityType.MON, SampleFrames.ADDR)));
        assertEquals(new CloseReason.WrongPeerType(EntityType.OSD.value(), EntityType.MON.value()), closedFor(t));
        assertEquals(StateKind.CLOSED, t.conn().kind());
        assertTrue(t.effects().contains(new Effect.Notify(ConnectionEvent.RESET)));
    }

    @Test
    void withoutAnAuthMethodOrAMachineForItTheConnectionStops() {
        Hello hello = new Hello(EntityType.OSD, SampleFrames.ADDR);
        Conn noMethod = in(StateKind.HELLO_CONNECTING, Policy.LOSSLESS_CLIENT,
                new Auth(List.of(), List.of(ConnectionMode.CRC), Optional.empty(), Optional.empty()));
        Transition t = Step.step(noMethod, new Input.FrameReceived(hello));
        assertEquals(new CloseReason.AuthFailed("no auth method configured"), closedFor(t));
        assertEquals(StateKind.CLOSED, t.conn().kind());

        Conn noMachine = in(StateKind.HELLO_CONNECTING, Policy.LOSSLESS_CLIENT, cephx(List.of(ConnectionMode.CRC), null));
        t = Step.step(noMachine, new Input.FrameReceived(hello));
        assertInstanceOf(CloseReason.AuthFailed.class, closedFor(t));
        assertEquals(StateKind.CLOSED, t.conn().kind());
        assertEquals(List.of(), sent(t));
    }

    @Test
    void aPipelinedDialWithoutAnAuthMethodSendsOnlyItsBannerAndOneWithoutAMachineStops() {
        Conn dialing = ExhaustiveStateTagTest.in(StateKind.READY, Policy.LOSSLESS_CLIENT)
                .withPhase(new Phase.StartConnect(true));
        Config pipelined = ImmutableConfig.copyOf(dialing.config()).withPipelining(true);
        Conn noMethod = dialing.withConfig(ImmutableConfig.copyOf(pipelined)
                .withAuth(new Auth(List.of(), List.of(ConnectionMode.CRC), Optional.empty(), Optional.empty())));
        Transition t = Step.step(noMethod, new Input.TransportConnected());
        assertEquals(List.of(new Effect.SendBanner(noMethod.config().wireBanner())), t.effects());
        assertEquals(StateKind.BANNER_CONNECTING, t.conn().kind());

        Conn noMachine = dialing.withConfig(ImmutableConfig.copyOf(pipelined)
                .withAuth(cephx(List.of(ConnectionMode.CRC), null)));
        t = Step.step(noMachine, new Input.TransportConnected());
        assertEquals(StateKind.CLOSED, t.conn().kind());
        assertInstanceOf(CloseReason.AuthFailed.class, closedFor(t));
    }

    // the client's SESSION_CONNECTING (§3: SERVER_IDENT)

    @Test
    void aServerIdentThatDoesNotListTheAddressWeDialledIsAViolation() {
        Conn c = ExhaustiveStateTagTest.in(StateKind.SESSION_CONNECTING, Policy.LOSSLESS_CLIENT);
        EntityAddr other = EntityAddr.v2(SockAddr.Inet4.loopback(6800), 0);
        Transition t = Step.step(c, new Input.FrameReceived(new ServerIdent(EntityAddrVec.of(other), 2, 5, -1L, 0, 0, 99)));
        assertEquals(CloseReason.Violation.NOT_IN_SERVER_ADDRS, violation(t));
        assertEquals(StateKind.START_CONNECT, t.conn().kind());
    }

    @Test
    void theSessionsFeaturesAreThoseBothSidesSupport() {
        Conn c = ExhaustiveStateTagTest.in(StateKind.SESSION_CONNECTING, Policy.LOSSLESS_CLIENT);
        long ours = c.config().supportedFeatures();
        for (long theirs : new long[] {-1L, 0L, ours & ~1L, 1L << 62 | ours}) {
            Transition t = Step.step(c, new Input.FrameReceived(new ServerIdent(EntityAddrVec.of(SampleFrames.ADDR), 2, 5,
                    theirs, 0, 0, 99)));
            assertEquals(StateKind.READY, t.conn().kind());
            assertEquals(theirs & ours, t.conn().session().peer().features(), Long.toHexString(theirs));
        }
    }

    @Test
    void aClientWhoseNumberIsNotAssignedYetSendsGidMinusOne() {
        // Ceph's entity_name_t::NEW (-1): a client's number before the mon assigns one
        Conn c = ExhaustiveStateTagTest.in(StateKind.AUTH_CONNECTING_SIGN, Policy.LOSSLESS_CLIENT);
        Config unnumbered = ImmutableConfig.builder().from(c.config()).gid(-1).build();
        Config defaulted = ImmutableConfig.builder().name(c.config().name()).auth(c.config().auth())
                .defaultPolicy(Policy.LOSSLESS_CLIENT).wireImage(SampleFrames.SYMBOLIC).build();
        assertEquals(unnumbered.gid(), defaulted.gid());
        Transition t = Step.step(c.withConfig(defaulted),
                new Input.FrameReceived(new AuthSignature(Bytes.zeros(32)))); // auth none: no key, 32 zero bytes
        ClientIdent ci = assertInstanceOf(ClientIdent.class, sent(t).get(0));
        assertEquals(-1, ci.gid());
    }

    // compression (§3/§4: COMPRESSION_REQUEST, COMPRESSION_DONE; ms_compress_secure)

    static final Banner COMPRESSING = new Banner(Msgr2Features.REVISION_1 | Msgr2Features.COMPRESSION, 0);

    static Conn secureWithCompression(StateKind k, Compression compression) {
        Conn c = ExhaustiveStateTagTest.in(k, Policy.LOSSLESS_PEER);
        Link link = c.link().orElseThrow().withBanner(COMPRESSING, true)
                .withAuth(outcome(ConnectionMode.SECURE, 64));
        Phase phase = switch (k) {
            case AUTH_CONNECTING_SIGN -> new Phase.AuthConnectingSign(link);
            case COMPRESSION_ACCEPTING -> new Phase.CompressionAccepting(link);
            default -> throw new IllegalArgumentException(k.name());
        };
        return c.withConfig(ImmutableConfig.copyOf(c.config()).withCompression(compression)).withPhase(phase);
    }

    @Test
    void aClientCompressesASecureConnectionOnlyWhenCompressSecureAllowsIt() {
        for (boolean allowed : new boolean[] {false, true}) {
            Compression cfg = Compression.force(List.of(CompressionMethod.SNAPPY)).withSecure(allowed);
            Conn c = secureWithCompression(StateKind.AUTH_CONNECTING_SIGN, cfg);
            Transition t = Step.step(c, new Input.FrameReceived(new AuthSignature(Bytes.zeros(32))));
            assertEquals(StateKind.COMPRESSION_CONNECTING, t.conn().kind());
            // toward an OSD the methods go out even when we do not ask
            assertEquals(List.of(new CompressionRequest(allowed, List.of(CompressionMethod.SNAPPY))), sent(t));
        }
    }

    @Test
    void aServerCompressesASecureConnectionOnlyWhenCompressSecureAllowsIt() {
        for (boolean allowed : new boolean[] {false, true}) {
            Compression cfg = Compression.force(List.of(CompressionMethod.SNAPPY)).withSecure(allowed);
            Conn c = secureWithCompression(StateKind.COMPRESSION_ACCEPTING, cfg);
            Transition t = Step.step(c, new Input.FrameReceived(new CompressionRequest(true,
                    List.of(CompressionMethod.SNAPPY))));
            CompressionDone done = allowed ? new CompressionDone(true, CompressionMethod.SNAPPY)
                    : new CompressionDone(false, CompressionMethod.NONE);
            assertEquals(List.of(done), sent(t).subList(0, 1));
        }
    }

    @Test
    void aCompressionDoneWithAMethodWeDidNotOfferOrAYesWeDidNotAskForIsAViolation() {
        Conn c = ExhaustiveStateTagTest.in(StateKind.COMPRESSION_CONNECTING, Policy.LOSSLESS_PEER);
        Link link = c.link().orElseThrow();
        Conn asked = c.withPhase(new Phase.CompressionConnecting(link, true, List.of(CompressionMethod.SNAPPY)));
        Transition t = Step.step(asked, new Input.FrameReceived(new CompressionDone(true, CompressionMethod.ZSTD)));
        assertEquals(CloseReason.Violation.COMPRESSION_NOT_OFFERED, violation(t));
        String offered = ((CloseReason.ProtocolViolation) closedFor(t)).detail();
        assertTrue(offered.contains("chose " + CompressionMethod.ZSTD)
                && offered.contains("we offered " + List.of(CompressionMethod.SNAPPY)), offered);

        Conn notAsked = c.withPhase(new Phase.CompressionConnecting(link, false, List.of(CompressionMethod.SNAPPY)));
        t = Step.step(notAsked, new Input.FrameReceived(new CompressionDone(true, CompressionMethod.SNAPPY)));
        assertEquals(CloseReason.Violation.COMPRESSION_NOT_OFFERED, violation(t));
        String unasked = ((CloseReason.ProtocolViolation) closedFor(t)).detail();
        assertTrue(unasked.endsWith("although we did not ask to compress"), unasked);

        t = Step.step(asked, new Input.FrameReceived(new CompressionDone(true, CompressionMethod.SNAPPY)));
        assertEquals(StateKind.SESSION_CONNECTING, t.conn().kind());
        assertTrue(t.effects().contains(new Effect.InstallCompression(CompressionMethod.SNAPPY,
                c.config().compression().minSize())));
    }

    // the server's AUTH_ACCEPTING_MORE and AUTH_DONE (§4)

    @Test
    void aRefusalDuringTheMoreRoundsStaysInAuthAcceptingMore() {
        ServerScript script = new ServerScript(null, new ServerAuth.Result.Refused(-13, "wrong key"));
        Auth auth = new Auth(List.of(AuthMethod.CEPHX), List.of(ConnectionMode.CRC), Optional.empty(),
                Optional.of(script));
        Conn c = in(StateKind.AUTH_ACCEPTING_MORE, Policy.STATEFUL_SERVER, auth);
        c = c.withPhase(new Phase.AuthAcceptingMore(c.link().orElseThrow(), script, ConnectionMode.CRC));
        Transition t = Step.step(c, new Input.FrameReceived(new AuthRequestMore(Bytes.ascii("proof"))));
        AuthBadMethod bad = assertInstanceOf(AuthBadMethod.class, sent(t).get(0));
        assertEquals(-13, bad.result());
        assertEquals(StateKind.AUTH_ACCEPTING_MORE, t.conn().kind());
        assertEquals(script, ((Phase.AuthAcceptingMore) t.conn().phase()).auth());
    }

    @Test
    void secureModeNeedsAConnectionSecretOfFortyBytesAtLeastOnTheServer() {
        for (int bytes : new int[] {SECRET_BYTES_USED - 1, SECRET_BYTES_USED}) {
            ServerScript script = new ServerScript(null, new ServerAuth.Result.Done(outcome(ConnectionMode.SECURE, bytes),
                    Bytes.EMPTY, ENV));
            Auth auth = new Auth(List.of(AuthMethod.CEPHX), List.of(ConnectionMode.SECURE), Optional.empty(),
                    Optional.of(script));
            Conn c = in(StateKind.AUTH_ACCEPTING_MORE, Policy.STATEFUL_SERVER, auth);
            c = c.withPhase(new Phase.AuthAcceptingMore(c.link().orElseThrow(), script, ConnectionMode.SECURE));
            Transition t = Step.step(c, new Input.FrameReceived(new AuthRequestMore(Bytes.ascii("proof"))));
            if (bytes < SECRET_BYTES_USED) {
                assertEquals(new CloseReason.AuthFailed("secure mode without a connection secret"), closedFor(t));
                assertEquals(List.of(), sent(t));
            } else {
                assertEquals(StateKind.AUTH_ACCEPTING_SIGN, t.conn().kind());
                assertInstanceOf(AuthDone.class, sent(t).get(0));
            }
        }
    }

    // the server's SESSION_ACCEPTING (§6.1: CLIENT_IDENT)

    static ClientIdent ident(EntityAddrVec addrs, EntityAddr target, long supported) {
        return new ClientIdent(addrs, target, 4, 3, supported, 0, 0, 77);
    }

    @Test
    void aClientIdentWithoutAnAddressOrForAnotherDaemonIsAViolation() {
        Conn c = ExhaustiveStateTagTest.in(StateKind.SESSION_ACCEPTING, Policy.STATELESS_SERVER);
        EntityAddr client = EntityAddr.v2(SockAddr.Inet4.loopback(50000), 5);
        Transition t = Step.step(c, new Input.FrameReceived(ident(EntityAddrVec.of(), SampleFrames.ADDR, -1L)));
        assertEquals(CloseReason.Violation.BLANK_PEER_ADDRESS, violation(t));
        EntityAddr elsewhere = EntityAddr.v2(SockAddr.Inet4.loopback(6800), 0);
        t = Step.step(c, new Input.FrameReceived(ident(EntityAddrVec.of(client), elsewhere, -1L)));
        assertEquals(CloseReason.Violation.TARGET_ADDRESS_MISMATCH, violation(t));
    }

    @Test
    void theAcceptorTakesTheFeaturesBothSidesSupportAndTheClientsFirstNonLegacyAddressAsTarget() {
        Conn c = ExhaustiveStateTagTest.in(StateKind.SESSION_ACCEPTING, Policy.STATELESS_SERVER);
        long ours = c.config().supportedFeatures();
        // clients advertise TYPE_ANY addresses (§7, msgr2_addr); a legacy one first is skipped
        EntityAddr legacy = new EntityAddr(AddrType.LEGACY, 5, SockAddr.Inet4.loopback(50001));
        EntityAddr any = new EntityAddr(AddrType.ANY, 5, SockAddr.Inet4.loopback(50000));
        for (long theirs : new long[] {-1L, 1L << 62 | ours}) {
            Transition t = Step.step(c, new Input.FrameReceived(ident(new EntityAddrVec(List.of(legacy, any)),
                    SampleFrames.ADDR, theirs)));
            assertEquals(StateKind.READY, t.conn().kind());
            assertEquals(theirs & ours, t.conn().session().peer().features());
            assertEquals(any, t.conn().target());
        }
        assertFalse(c.config().policyFor(EntityType.OSD).registered()); // the anonymous path: no registry
    }
}
