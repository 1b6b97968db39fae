package io.msgr2.spec.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.Role;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.AuthNone;
import io.msgr2.spec.auth.AuthOutcome;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.session.Peer;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.session.Session;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.spec.wire.UTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every state that reads frames, every tag it does not accept, and three policies: the
 * frame is a fault with a typed {@link CloseReason.UnexpectedFrame} naming the state, what
 * it accepts and what came, and the outcome is Ceph's fault rule for that policy, with no
 * frame sent and nothing delivered:
 * <ul>
 *   <li>lossy (lossy_client): past the handshake, CLOSED with exactly one RESET; during the
 *       handshake, a retry after the backoff;</li>
 *   <li>lossless_peer (standby), nothing queued: an accepting connection closes with one
 *       RESET; any other goes STANDBY quietly;</li>
 *   <li>lossless_client (no standby): accepting closes; the handshake retries after the
 *       backoff; READY reconnects at once.</li>
 * </ul>
 */
class ExhaustiveStateTagTest {
    enum Outcome { CLOSED_WITH_RESET, BACKOFF_RETRY, STANDBY, RECONNECT_NOW }

    /**
     * The tags each state handles, written from Ceph's frame handlers rather than taken from
     * {@link Accepts}: every {@code ProtocolV2::handle_*} checks the state and calls
     * {@code _fault()} otherwise (src/msg/async/ProtocolV2.cc: handle_hello, handle_auth_*,
     * handle_client_ident, handle_reconnect, handle_server_ident, handle_ident_missing_features,
     * handle_reconnect_ok, handle_session_retry(_global), handle_session_reset, handle_wait,
     * handle_message, handle_keepalive2(_ack), handle_message_ack, handle_compression_*).
     * Our states split Ceph's AUTH_CONNECTING_SIGN/AUTH_ACCEPTING_SIGN and the compression
     * exchange out the same way Ceph names them.
     */
    static final java.util.Map<StateKind, Set<Tag>> CEPH_HANDLES = java.util.Map.ofEntries(
            java.util.Map.entry(StateKind.HELLO_CONNECTING, Set.of(Tag.HELLO)),
            java.util.Map.entry(StateKind.HELLO_ACCEPTING, Set.of(Tag.HELLO)),
            java.util.Map.entry(StateKind.AUTH_CONNECTING, Set.of(Tag.AUTH_BAD_METHOD, Tag.AUTH_REPLY_MORE,
                    Tag.AUTH_DONE)),
            java.util.Map.entry(StateKind.AUTH_CONNECTING_SIGN, Set.of(Tag.AUTH_SIGNATURE)),
            java.util.Map.entry(StateKind.AUTH_ACCEPTING, Set.of(Tag.AUTH_REQUEST)),
            java.util.Map.entry(StateKind.AUTH_ACCEPTING_MORE, Set.of(Tag.AUTH_REQUEST_MORE)),
            java.util.Map.entry(StateKind.AUTH_ACCEPTING_SIGN, Set.of(Tag.AUTH_SIGNATURE)),
            java.util.Map.entry(StateKind.COMPRESSION_CONNECTING, Set.of(Tag.COMPRESSION_DONE)),
            java.util.Map.entry(StateKind.COMPRESSION_ACCEPTING, Set.of(Tag.COMPRESSION_REQUEST)),
            java.util.Map.entry(StateKind.SESSION_CONNECTING, Set.of(Tag.SERVER_IDENT, Tag.IDENT_MISSING_FEATURES,
                    Tag.WAIT)),
            java.util.Map.entry(StateKind.SESSION_RECONNECTING, Set.of(Tag.SESSION_RECONNECT_OK, Tag.SESSION_RETRY,
                    Tag.SESSION_RETRY_GLOBAL, Tag.SESSION_RESET, Tag.WAIT)),
            java.util.Map.entry(StateKind.SESSION_ACCEPTING, Set.of(Tag.CLIENT_IDENT, Tag.SESSION_RECONNECT)),
            java.util.Map.entry(StateKind.READY, Set.of(Tag.MESSAGE, Tag.ACK, Tag.KEEPALIVE2, Tag.KEEPALIVE2_ACK)));

    /** What Ceph handles in {@code k}: nothing in the banner states and those without a TCP connection. */
    static Set<Tag> cephHandles(StateKind k) {
        return CEPH_HANDLES.getOrDefault(k, Set.of());
    }

    /** The states with a TCP connection to read from: all but START_CONNECT, STANDBY, WAIT and CLOSED. */
    static boolean holdsTcpConnection(StateKind k) {
        return !Set.of(StateKind.START_CONNECT, StateKind.STANDBY, StateKind.WAIT, StateKind.CLOSED).contains(k);
    }

    /** The implementation's table (which the state table doc is generated from) is Ceph's. */
    @Test
    void theAcceptsTableIsCephs() {
        for (StateKind k : StateKind.values()) {
            assertEquals(cephHandles(k), Accepts.ACCEPTED.get(k), k.toString());
            assertEquals(holdsTcpConnection(k), Accepts.reads(k), k.toString());
        }
    }

    /** A tag Ceph handles in a state is never refused there as unexpected (it may fail on its content). */
    @Test
    void everyHandledFrameIsTakenNotRefused() {
        int checked = 0;
        for (var e : CEPH_HANDLES.entrySet()) {
            for (Tag tag : e.getValue()) {
                for (Policy p : List.of(Policy.LOSSY_CLIENT, Policy.LOSSLESS_PEER)) {
                    Transition t = Step.step(in(e.getKey(), p), new Input.FrameReceived(SampleFrames.of(tag),
                            Bytes.EMPTY));
                    assertTrue(t.effects().stream().noneMatch(x -> x instanceof Effect.CloseTransport c
                            && c.reason() instanceof CloseReason.UnexpectedFrame), e.getKey() + " x " + tag + ": "
                            + t.effects());
                    checked++;
                }
            }
        }
        assertTrue(checked >= 2 * 24, "checked " + checked);
    }

    @Test
    void everyUnacceptedFrameIsAFaultWithCephsOutcome() {
        int checked = 0;
        for (StateKind k : StateKind.values()) {
            if (!holdsTcpConnection(k)) {
                continue;
            }
            for (Tag tag : Tag.values()) {
                if (cephHandles(k).contains(tag)) {
                    continue;
                }
                for (Policy p : List.of(Policy.LOSSY_CLIENT, Policy.LOSSLESS_PEER, Policy.LOSSLESS_CLIENT)) {
                    check(k, tag, p);
                    checked++;
                }
            }
        }
        assertTrue(checked > 700, "checked " + checked);
    }

    /** The same for the state a pipelining client is in while its AUTH_REQUEST is already out. */
    @Test
    void pipeliningChangesNoFaultRule() {
        int checked = 0;
        for (Tag tag : Tag.values()) {
            if (!cephHandles(StateKind.HELLO_CONNECTING).contains(tag)) {
                for (Policy p : List.of(Policy.LOSSY_CLIENT, Policy.LOSSLESS_PEER, Policy.LOSSLESS_CLIENT)) {
                    check(StateKind.HELLO_CONNECTING, tag, p, true);
                    checked++;
                }
            }
        }
        assertTrue(checked > 50, "checked " + checked);
    }

    private static void check(StateKind k, Tag tag, Policy policy) {
        check(k, tag, policy, false);
    }

    private static void check(StateKind k, Tag tag, Policy policy, boolean pipelined) {
        String where = k + " x " + tag + " (" + policy + (pipelined ? ", pipelined" : "") + ")";
        Conn c = in(k, policy);
        if (pipelined && c.phase() instanceof Phase.HelloConnecting h) {
            c = c.withPhase(new Phase.HelloConnecting(h.link(), java.util.Optional.of(
                    new io.msgr2.spec.auth.AuthNone.Client(c.config().name(), 0, false))));
        }
        Transition t = Step.step(c, new Input.FrameReceived(SampleFrames.of(tag), Bytes.EMPTY));
        List<Effect> closes = t.effects().stream().filter(e -> e instanceof Effect.CloseTransport).toList();
        assertEquals(1, closes.size(), where);
        CloseReason reason = ((Effect.CloseTransport) closes.get(0)).reason();
        assertEquals(new CloseReason.UnexpectedFrame(k, cephHandles(k), tag), reason, where);
        assertTrue(t.effects().stream().noneMatch(e -> e instanceof Effect.SendFrame || e instanceof Effect.Deliver
                || e instanceof Effect.SendBanner), where + ": " + t.effects());
        long resets = t.effects().stream().filter(e -> e instanceof Effect.Notify n && n.event() == ConnectionEvent.RESET)
                .count();
        switch (expected(k, policy)) {
            case CLOSED_WITH_RESET -> {
                assertInstanceOf(Phase.Closed.class, t.conn().phase(), where);
                assertEquals(1, resets, where);
            }
            case BACKOFF_RETRY -> {
                assertEquals(new Phase.StartConnect(false), t.conn().phase(), where);
                assertTrue(t.effects().stream().anyMatch(e -> e instanceof Effect.ArmTimer a
                        && a.timer() == TimerKind.BACKOFF), where);
                assertEquals(0, resets, where);
            }
            case STANDBY -> {
                assertInstanceOf(Phase.Standby.class, t.conn().phase(), where);
                assertEquals(0, resets, where);
            }
            case RECONNECT_NOW -> {
                assertEquals(new Phase.StartConnect(true), t.conn().phase(), where);
                assertTrue(t.effects().stream().anyMatch(e -> e instanceof Effect.Connect), where);
                assertEquals(1, t.conn().session().connectSeq() - c.session().connectSeq(), where);
            }
        }
    }

    /** Ceph's _fault, stated independently of Faults.java. */
    private static Outcome expected(StateKind k, Policy p) {
        if (p.lossy() && !k.connecting()) {
            return Outcome.CLOSED_WITH_RESET;
        }
        if (k.accepting()) {
            return Outcome.CLOSED_WITH_RESET; // nothing queued
        }
        if (p.standby()) {
            return Outcome.STANDBY; // nothing queued, not WAIT
        }
        return k.connecting() ? Outcome.BACKOFF_RETRY : Outcome.RECONNECT_NOW;
    }

    /** A connection in state {@code k}, with a session as that state would have it. */
    static Conn in(StateKind k, Policy policy) {
        EntityName me = new EntityName(EntityType.OSD, "1");
        Config cfg = ImmutableConfig.builder().name(me).gid(1).auth(AuthConfig.none(me, 0)).defaultPolicy(policy)
                .wireImage(SampleFrames.SYMBOLIC).build();
        Env env = new Env(Entropy.seeded(1), 1, 4096, EntityAddrVec.of(SampleFrames.ADDR), UTime.ZERO);
        Role role = k.accepting() ? Role.SERVER : Role.CLIENT;
        Link link = Link.open(role, SampleFrames.ADDR).withBanner(Banner.PACIFIC, true);
        Link authed = link.withAuth(new AuthOutcome(4096, ConnectionMode.CRC, Bytes.EMPTY, Bytes.EMPTY));
        Session s = Session.fresh(policy, Peer.unknown(EntityType.OSD, EntityAddrVec.of(SampleFrames.ADDR)));
        if (k == StateKind.READY || k == StateKind.SESSION_RECONNECTING) {
            s = s.withCookies(policy.lossy() ? 0 : 7, policy.lossy() ? 0 : 9).withSeqs(1, 1);
        }
        Phase phase = switch (k) {
            case BANNER_CONNECTING -> new Phase.BannerConnecting(link);
            case HELLO_CONNECTING -> new Phase.HelloConnecting(link);
            case AUTH_CONNECTING -> new Phase.AuthConnecting(link, new AuthNone.Client(me, 0, false));
            case AUTH_CONNECTING_SIGN -> new Phase.AuthConnectingSign(authed);
            case COMPRESSION_CONNECTING -> new Phase.CompressionConnecting(authed, false, java.util.List.of());
            case COMPRESSION_ACCEPTING -> new Phase.CompressionAccepting(authed);
            case SESSION_CONNECTING -> new Phase.SessionConnecting(authed);
            case SESSION_RECONNECTING -> new Phase.SessionReconnecting(authed);
            case BANNER_ACCEPTING -> new Phase.BannerAccepting(link);
            case HELLO_ACCEPTING -> new Phase.HelloAccepting(link);
            case AUTH_ACCEPTING -> new Phase.AuthAccepting(link);
            case AUTH_ACCEPTING_MORE -> new Phase.AuthAcceptingMore(link, new AuthNone.Server(), ConnectionMode.CRC);
            case AUTH_ACCEPTING_SIGN -> new Phase.AuthAcceptingSign(authed);
            case SESSION_ACCEPTING -> new Phase.SessionAccepting(authed);
            case READY -> new Phase.Ready(authed);
            default -> throw new IllegalArgumentException(k + " reads nothing");
        };
        return new Conn(cfg, phase, s, env, SampleFrames.ADDR);
    }

    @Test
    void statesWithoutATransportIgnoreStrayFramesAndClosedAbsorbsEverything() {
        Conn standby = in(StateKind.READY, Policy.LOSSLESS_PEER).withPhase(new Phase.Standby());
        for (Tag tag : Tag.values()) {
            Transition t = Step.step(standby, new Input.FrameReceived(SampleFrames.of(tag)));
            assertEquals(standby, t.conn());
            assertEquals(List.of(), t.effects());
        }
        Conn closed = standby.withPhase(new Phase.Closed(new CloseReason.LocallyClosed()));
        List<Input> inputs = new ArrayList<>(List.of(new Input.TransportConnected(), new Input.TransportClosed("x"),
                new Input.TimerFired(TimerKind.BACKOFF), new Input.CloseRequested(),
                new Input.SendRequested(new Message(MsgHeader2.of(1, 127, 1, 1), Bytes.EMPTY, Bytes.EMPTY, Bytes.EMPTY))));
        for (Tag tag : Tag.values()) {
            inputs.add(new Input.FrameReceived(SampleFrames.of(tag)));
        }
        for (Input in : inputs) {
            assertEquals(Transition.stay(closed), Step.step(closed, in), in.toString());
        }
    }
}
