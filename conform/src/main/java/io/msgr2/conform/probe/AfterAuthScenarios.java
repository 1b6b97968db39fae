package io.msgr2.conform.probe;

import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.codec.frame.Wire;
import io.msgr2.spec.auth.cephx.Tickets;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.frame.Ack;
import io.msgr2.spec.frame.AuthBadMethod;
import io.msgr2.spec.frame.AuthSignature;
import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.CompressionDone;
import io.msgr2.spec.frame.CompressionRequest;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.IdentMissingFeatures;
import io.msgr2.spec.frame.Keepalive2Ack;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.frame.SessionReconnect;
import io.msgr2.spec.frame.SessionReset;
import io.msgr2.spec.frame.SessionRetry;
import io.msgr2.spec.frame.SessionRetryGlobal;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MessageType;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.spec.wire.Msgr2Features;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Server scenarios that need a real session first: the probe authenticates as a client does
 * (our spec and codec, {@link SpecPeer}) and breaks one rule on the way or once READY: its
 * AUTH_SIGNATURE, a GCM tag, its CLIENT_IDENT (a reconnect with unknown cookies, a target
 * address that is not the server's, no features), an ACK for messages never sent, a message
 * sequence gap, COMPRESSION_REQUEST without the banner bit or with an unknown method.
 */
public final class AfterAuthScenarios {
    private AfterAuthScenarios() {}

    static final String PROTOCOL = ServerScenarios.PROTOCOL;
    static final List<ConnectionMode> CRC = List.of(ConnectionMode.CRC);
    static final List<ConnectionMode> SECURE = List.of(ConnectionMode.SECURE);
    static final UTime STAMP = new UTime(1_700_000_000, 123_456_789);

    /** The cephx proof made with a key that is not the entity's: -EACCES, no AUTH_DONE. */
    record WrongKey(Credentials who, boolean rev1) implements Scenario {
        @Override
        public String name() {
            return "auth.wrong-key" + (rev1 ? ".rev1" : ".rev0");
        }

        @Override
        public String rule() {
            return "a cephx proof made with a key that is not the entity's is refused: AUTH_BAD_METHOD(-EACCES), "
                    + "no AUTH_DONE";
        }

        @Override
        public String source() {
            return "src/auth/cephx/CephxServiceHandler.cc handle_request (proof mismatch: -EACCES), " + PROTOCOL
                    + " _auth_bad_method";
        }

        @Override
        public Outcome run(InetSocketAddress target, Duration timeout) {
            String expected = "AUTH_BAD_METHOD(-13), no AUTH_DONE";
            try {
                Optional<EntityType> type = SpecPeer.peerType(target, timeout);
                if (type.isEmpty() || !type.get().equals(EntityType.MON)) {
                    return Outcome.skip("a cephx proof goes to a mon; the target is " + type.map(Object::toString)
                            .orElse("silent"));
                }
                byte[] seed = new byte[32];
                new java.security.SecureRandom().nextBytes(seed);
                var wrong = io.msgr2.spec.auth.cephx.CryptoKey.random(io.msgr2.spec.Entropy.drbg(Bytes.wrap(seed)),
                        SpecPeer.now()).key();
                SpecPeer.Run r = SpecPeer.run(target, 0, timeout, new SpecPeer.Identity(who.name(),
                        io.msgr2.spec.auth.cephx.CephxConfig.client(who.name(), wrong).withModes(CRC), rev1, false),
                        EntityType.MON, Tickets.NONE, Hooks.NONE, now -> List.of(),
                        fs -> fs.stream().anyMatch(f -> f.tag() == Tag.AUTH_BAD_METHOD || f.tag() == Tag.AUTH_DONE));
                Observed o = r.observed();
                Optional<AuthBadMethod> bad = o.frames().stream().filter(AuthBadMethod.class::isInstance)
                        .map(AuthBadMethod.class::cast).findFirst();
                if (bad.isPresent() && bad.get().result() == -95
                        && !bad.get().allowedMethods().contains(AuthMethod.CEPHX)) {
                    return Outcome.skip("the server does not allow cephx");
                }
                boolean ok = bad.isPresent() && bad.get().result() == -13 && noFrame(o, io.msgr2.spec.frame.AuthDone.class);
                return ok ? Outcome.pass(o.describe()) : Outcome.fail(expected, o.describe()
                        + bad.map(b -> " (result " + b.result() + ")").orElse(""));
            } catch (IOException e) {
                return Outcome.fail(expected, "the connection failed: " + e.getMessage());
            }
        }
    }

    /**
     * Every after-auth scenario, msgr2.1 and msgr2.0, authenticating as {@code who}, with a
     * server whose address carries {@code nonce} (0 for a mon; a daemon's is in its address,
     * e.g. {@code v2:127.0.0.1:6800/351}, and it refuses a CLIENT_IDENT aimed at another).
     */
    public static List<Scenario> all(Credentials who, int nonce) {
        List<Scenario> out = new ArrayList<>();
        for (boolean rev1 : List.of(true, false)) {
            String f = rev1 ? ".rev1" : ".rev0";
            out.add(new WrongKey(who, rev1));
            out.add(new AfterAuth("auth.wrong-signature" + f, nonce, "an AUTH_SIGNATURE that is not the HMAC of what the "
                    + "server sent drops the connection before SERVER_IDENT",
                    PROTOCOL + " handle_auth_signature (pre-auth signature mismatch: fault)", who, rev1, false, CRC,
                    frames(f2 -> f2 instanceof AuthSignature s ? new AuthSignature(flipped(s.signature(), 0)) : f2),
                    none(), AfterAuthScenarios::closedOrIdent,
                    o -> o.closed() && noFrame(o, ServerIdent.class), "no SERVER_IDENT, the connection closed",
                    o -> Optional.empty()));
            out.add(new AfterAuth("auth.bad-gcm-tag" + f, nonce, "a secure frame whose GCM tag does not verify drops the "
                    + "connection", "src/msg/async/crypto_onwire.cc AES128GCM_OnWireRxHandler::"
                    + "authenticated_decrypt_update_final (tag mismatch: MsgAuthError, fault)", who, rev1, false, SECURE,
                    new Hooks() {
                        @Override
                        public Wire frameWire(Frame fr, Wire encoded) {
                            if (!(fr instanceof ClientIdent)) {
                                return encoded;
                            }
                            Bytes b = encoded.toBytes();
                            return Wire.of(List.of(flipped(b, b.length() - 1))); // the last byte: the GCM tag's
                        }
                    }, none(), AfterAuthScenarios::closedOrIdent,
                    o -> o.closed() && noFrame(o, ServerIdent.class), "no SERVER_IDENT, the connection closed",
                    o -> who.key().isEmpty() ? Optional.of("secure mode needs a session key: give --key")
                            : Optional.empty()));
            out.add(new AfterAuth("session.reconnect-unknown-cookies" + f, nonce, "SESSION_RECONNECT for a session the "
                    + "server does not have is answered SESSION_RESET(full)",
                    PROTOCOL + " handle_reconnect (no existing connection: send_reconnect_reset, full)", who, rev1, false,
                    CRC, frames(f2 -> f2 instanceof ClientIdent ci ? new SessionReconnect(ci.addrs(), 0x1234_5678_9abcL,
                            0x0fed_cba9_8765L, 7, 3, 0) : f2),
                    none(), fs -> fs.stream().anyMatch(x -> x.tag() == Tag.SESSION_RESET || x.tag() == Tag.SERVER_IDENT),
                    o -> o.frames().stream().anyMatch(x -> x instanceof SessionReset r && r.full()),
                    "SESSION_RESET(full=true)", o -> Optional.empty()));
            out.add(new LosslessReconnect("session.reconnect-old-global-seq" + f, "a SESSION_RECONNECT whose "
                    + "global_seq is older than the one the session last saw is answered SESSION_RETRY_GLOBAL", who,
                    nonce, rev1, 0, r -> new SessionReconnect(r.addrs(), r.clientCookie(), r.serverCookie(), 0,
                            r.connectSeq(), r.msgSeq()),
                    o -> o.frames().stream().anyMatch(x -> x instanceof SessionRetryGlobal g && g.globalSeq() > 0),
                    "SESSION_RETRY_GLOBAL(the session's global_seq)"));
            out.add(new LosslessReconnect("session.reconnect-stale-connect-seq" + f, "after one reconnect, a "
                    + "SESSION_RECONNECT with the connect_seq of before it is answered SESSION_RETRY with the "
                    + "session's", who, nonce, rev1, 1, r -> new SessionReconnect(r.addrs(), r.clientCookie(),
                            r.serverCookie(), r.globalSeq(), 0, r.msgSeq()),
                    o -> o.frames().stream().anyMatch(x -> x instanceof SessionRetry t && t.connectSeq() >= 1),
                    "SESSION_RETRY(connect_seq >= 1)"));
            out.add(new AfterAuth("session.ident-wrong-target" + f, nonce, "a CLIENT_IDENT whose target address is not one "
                    + "of the server's drops the connection (wrong daemon)",
                    PROTOCOL + " handle_client_ident (target_addr not in our addrs: fault)", who, rev1, false, CRC,
                    frames(f2 -> f2 instanceof ClientIdent ci ? new ClientIdent(ci.addrs(),
                            EntityAddr.v2(SockAddr.Inet4.of(192, 0, 2, 1, 6789), 0), ci.gid(), ci.globalSeq(),
                            ci.supportedFeatures(), ci.requiredFeatures(), ci.flags(), ci.clientCookie()) : f2),
                    none(), AfterAuthScenarios::closedOrIdent,
                    o -> o.closed() && noFrame(o, ServerIdent.class), "no SERVER_IDENT, the connection closed",
                    o -> Optional.empty()));
            out.add(new AfterAuth("session.ident-missing-features" + f, nonce, "a CLIENT_IDENT that lacks features the "
                    + "server requires (MSG_ADDR2 at least) is answered IDENT_MISSING_FEATURES naming them",
                    PROTOCOL + " handle_client_ident (feat_missing: send IdentMissingFeaturesFrame)", who, rev1, false,
                    CRC, frames(f2 -> f2 instanceof ClientIdent ci ? new ClientIdent(ci.addrs(), ci.targetAddr(), ci.gid(),
                            ci.globalSeq(), 0, 0, ci.flags(), ci.clientCookie()) : f2),
                    none(), fs -> fs.stream().anyMatch(x -> x.tag() == Tag.IDENT_MISSING_FEATURES
                            || x.tag() == Tag.SERVER_IDENT),
                    o -> o.frames().stream().anyMatch(x -> x instanceof IdentMissingFeatures m && m.features() != 0)
                            && noFrame(o, ServerIdent.class), "IDENT_MISSING_FEATURES with a non-zero mask",
                    o -> Optional.empty()));
            out.add(new AfterAuth("ready.keepalive" + f, nonce, "KEEPALIVE2 is answered with KEEPALIVE2_ACK carrying "
                    + "the same timestamp", PROTOCOL + " handle_keepalive2 (append_keepalive_ack(timestamp))", who, rev1,
                    false, CRC, Hooks.NONE, now -> List.of(new Input.KeepaliveRequested(STAMP)),
                    AfterAuthScenarios::keepaliveAcked,
                    o -> o.frames().stream().anyMatch(x -> x instanceof Keepalive2Ack a && a.timestamp().equals(STAMP)),
                    "SERVER_IDENT, then KEEPALIVE2_ACK(" + STAMP + ")", o -> Optional.empty()));
            out.add(new AfterAuth("ready.ack-beyond-sent" + f, nonce, "an ACK for messages never sent is harmless: the "
                    + "session goes on (KEEPALIVE2 still answered)",
                    PROTOCOL + " handle_message_ack (trims the sent list up to the seq; lossy: ignored)", who, rev1,
                    false, CRC, frames(f2 -> f2 instanceof Message ? new Ack(1000) : f2),
                    AfterAuthScenarios::pingThenKeepalive, AfterAuthScenarios::keepaliveAcked,
                    AfterAuthScenarios::keepaliveAcked, "SERVER_IDENT, then KEEPALIVE2_ACK", o -> Optional.empty()));
            out.add(new AfterAuth("ready.seq-gap" + f, nonce, "a MESSAGE whose seq skips ahead is accepted (\"missed "
                    + "message?\") and the session goes on",
                    PROTOCOL + " handle_message (seq > in_seq + 1: logged, in_seq jumps)", who, rev1, false, CRC,
                    frames(f2 -> f2 instanceof Message m ? new Message(m.header().withSeq(5, m.header().ackSeq()),
                            m.front(), m.middle(), m.data()) : f2),
                    AfterAuthScenarios::pingThenKeepalive, AfterAuthScenarios::keepaliveAcked,
                    o -> keepaliveAcked(o.frames()) && !o.closed(), "SERVER_IDENT, then KEEPALIVE2_ACK",
                    o -> Optional.empty()));
            out.add(new AfterAuth("compression.request-without-bit" + f, nonce, "COMPRESSION_REQUEST from a client whose "
                    + "banner lacks the COMPRESSION bit drops the connection (it is not in a compression state)",
                    PROTOCOL + " handle_compression_request (wrong state: fault); Pacific: unknown tag",
                    who, rev1, false, CRC,
                    frames(f2 -> f2 instanceof ClientIdent ? new CompressionRequest(true, List.of(CompressionMethod.SNAPPY))
                            : f2),
                    none(), fs -> fs.stream().anyMatch(x -> x.tag() == Tag.COMPRESSION_DONE || x.tag() == Tag.SERVER_IDENT),
                    o -> o.closed() && noFrame(o, CompressionDone.class) && noFrame(o, ServerIdent.class),
                    "no COMPRESSION_DONE, the connection closed", o -> Optional.empty()));
            out.add(new AfterAuth("compression.unknown-method" + f, nonce, "COMPRESSION_REQUEST naming only a method nobody "
                    + "knows is answered COMPRESSION_DONE(is_compress=false, none), and the session goes on",
                    PROTOCOL + " handle_compression_request (pick_method finds none: DONE(0, 0))", who, rev1, true, CRC,
                    frames(f2 -> f2 instanceof CompressionRequest ? new CompressionRequest(true,
                            List.of(new CompressionMethod(99))) : f2),
                    none(), fs -> fs.stream().anyMatch(x -> x.tag() == Tag.SERVER_IDENT),
                    o -> o.frames().stream().anyMatch(x -> x instanceof CompressionDone d && !d.compress()
                            && d.method().value() == 0) && !noFrame(o, ServerIdent.class),
                    "COMPRESSION_DONE(false, none), then SERVER_IDENT",
                    o -> o.banner().filter(b -> !b.has(Msgr2Features.COMPRESSION)).map(b ->
                            "the server's banner has no COMPRESSION bit (before Quincy): nothing to negotiate")));
        }
        return out;
    }

    static Hooks frames(UnaryOperator<Frame> f) {
        return new Hooks() {
            @Override
            public Frame frame(Frame fr) {
                return f.apply(fr);
            }
        };
    }

    static Function<UTime, List<Input>> none() {
        return now -> List.of();
    }

    /** Once READY: a CEPH_MSG_PING (every daemon decodes it), then a KEEPALIVE2. */
    static List<Input> pingThenKeepalive(UTime now) {
        return List.of(new Input.SendRequested(new Message(MsgHeader2.of(MessageType.PING, MsgHeader2.PRIO_DEFAULT, 1, 0),
                Bytes.EMPTY, Bytes.EMPTY, Bytes.EMPTY)), new Input.KeepaliveRequested(now));
    }

    static boolean keepaliveAcked(List<Frame> fs) {
        return fs.stream().anyMatch(ServerIdent.class::isInstance) && fs.stream().anyMatch(Keepalive2Ack.class::isInstance);
    }

    static boolean keepaliveAcked(Observed o) {
        return keepaliveAcked(o.frames());
    }

    static boolean closedOrIdent(List<Frame> fs) {
        return fs.stream().anyMatch(x -> x.tag() == Tag.SERVER_IDENT);
    }

    static boolean noFrame(Observed o, Class<? extends Frame> type) {
        return o.frames().stream().noneMatch(type::isInstance);
    }

    static Bytes flipped(Bytes b, int at) {
        byte[] x = b.toByteArray();
        x[at] ^= 0x5a;
        return Bytes.wrap(x);
    }

    /**
     * One scenario: authenticate as {@code who} (modes {@code modes}) with msgr2.1 or msgr2.0
     * framing, deviate by {@code hooks}, feed {@code afterReady} once READY; stop when
     * {@code done} holds; judge. {@code skipIf} says why the server cannot be probed this way.
     */
    record AfterAuth(String name, int nonce, String rule, String source, Credentials who, boolean rev1, boolean compressionBit,
                     List<ConnectionMode> modes, Hooks hooks, Function<UTime, List<Input>> afterReady,
                     Predicate<List<Frame>> done, Predicate<Observed> expected, String expectation,
                     Function<Observed, Optional<String>> skipIf) implements Scenario {
        @Override
        public Outcome run(InetSocketAddress target, Duration timeout) {
            if (modes.contains(ConnectionMode.SECURE) && who.key().isEmpty()) {
                return Outcome.skip("secure mode needs a session key: give --key (auth none is crc only)");
            }
            try {
                SpecPeer.Identity me = new SpecPeer.Identity(who.name(), who.auth(modes), rev1, compressionBit);
                EntityType type = SpecPeer.peerType(target, timeout).orElse(EntityType.MON);
                Tickets tickets = Tickets.NONE;
                if (!type.equals(EntityType.MON) && who.key().isPresent()) {
                    if (who.mon().isEmpty()) {
                        return Outcome.skip("the target is a " + type + ": cephx with it needs a ticket from the mon, "
                                + "give --mon");
                    }
                    Optional<Tickets> t = SpecPeer.tickets(who.mon().get(), timeout, new SpecPeer.Identity(who.name(),
                            who.auth(CRC), true, false));
                    if (t.isEmpty()) {
                        return Outcome.skip("the mon at " + who.mon().get() + " gave " + who.name() + " no tickets");
                    }
                    tickets = t.get();
                }
                SpecPeer.Run r = SpecPeer.run(target, nonce, timeout, me, type, tickets, hooks, afterReady, done);
                Observed o = r.observed();
                Optional<AuthBadMethod> bad = o.frames().stream().filter(AuthBadMethod.class::isInstance)
                        .map(AuthBadMethod.class::cast).findFirst();
                if (bad.isPresent()) {
                    return Outcome.skip("the server refused " + who.describe() + " (AUTH_BAD_METHOD " + bad.get().result()
                            + ", it allows " + bad.get().allowedMethods().stream().map(AuthMethod::toString).toList()
                            + " with " + bad.get().allowedModes() + "): give --name and --key of an entity it accepts");
                }
                Optional<String> skip = skipIf.apply(o);
                if (skip.isPresent()) {
                    return Outcome.skip(skip.get());
                }
                return expected.test(o) ? Outcome.pass(o.describe()) : Outcome.fail(expectation, o.describe());
            } catch (IOException e) {
                return Outcome.fail(expectation, "the connection failed: " + e.getMessage());
            }
        }
    }
}
