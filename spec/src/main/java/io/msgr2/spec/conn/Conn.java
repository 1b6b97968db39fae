package io.msgr2.spec.conn;

import io.msgr2.spec.Role;
import io.msgr2.spec.session.Peer;
import io.msgr2.spec.session.Session;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityType;
import java.util.List;
import java.util.Optional;

/**
 * A connection: its protocol state ({@link Phase}), the session that outlives its TCP
 * connections ({@link Session}), the messenger's environment it draws from ({@link Env}),
 * and the address to dial when it must reconnect. Every field is immutable; {@link Step}
 * computes the next {@code Conn}.
 */
public record Conn(Config config, Phase phase, Session session, Env env, EntityAddr target) {

    /**
     * A connection we dial to {@code target}, where a {@code peerType} should answer: it
     * starts in START_CONNECT and asks the driver to open the TCP connection.
     */
    public static Transition dial(Config config, Env env, EntityAddr target, EntityType peerType) {
        Session s = Session.fresh(config.policyFor(peerType), Peer.unknown(peerType, EntityAddrVec.of(target)));
        Conn c = new Conn(config, new Phase.StartConnect(true), s, env, target);
        return new Transition(c, List.of(new Effect.Connect(target),
                new Effect.ArmTimer(TimerKind.READY_TIMEOUT, config.timing().readyTimeout())));
    }

    /**
     * A connection we accepted from {@code peerSocketAddr}: it sends our banner at once and
     * awaits the client's (BANNER_ACCEPTING). The policy is chosen when HELLO says who it is.
     */
    public static Transition accept(Config config, Env env, EntityAddr peerSocketAddr) {
        Session s = Session.fresh(config.defaultPolicy(), Peer.unknown(EntityType.ANY, EntityAddrVec.EMPTY));
        Link link = Link.open(Role.SERVER, peerSocketAddr)
                .withTranscript(Transcript.EMPTY.onSent(config.wireImage().banner(config.wireBanner())));
        Conn c = new Conn(config, new Phase.BannerAccepting(link), s, env, EntityAddr.BLANK);
        return new Transition(c, List.of(new Effect.SendBanner(config.wireBanner()),
                new Effect.ArmTimer(TimerKind.READY_TIMEOUT, config.timing().readyTimeout())));
    }

    public StateKind kind() {
        return phase.kind();
    }

    /** The live TCP connection, in states that have one. */
    public Optional<Link> link() {
        return phase instanceof Phase.Linked l ? Optional.of(l.link()) : Optional.empty();
    }

    /** Whether a TCP connection exists or is being opened (the driver holds a transport for it). */
    public boolean hasTransport() {
        return phase instanceof Phase.Linked || phase instanceof Phase.StartConnect sc && sc.dialing();
    }

    public Conn withPhase(Phase p) {
        return new Conn(config, p, session, env, target);
    }

    public Conn withSession(Session s) {
        return new Conn(config, phase, s, env, target);
    }

    public Conn withEnv(Env e) {
        return new Conn(config, phase, session, e, target);
    }

    public Conn withConfig(Config c) {
        return new Conn(c, phase, session, env, target);
    }

    public Conn withTarget(EntityAddr t) {
        return new Conn(config, phase, session, env, t);
    }
}
