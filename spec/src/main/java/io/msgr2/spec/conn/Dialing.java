package io.msgr2.spec.conn;

import io.msgr2.spec.Role;

/**
 * START_CONNECT: awaits the backoff timer, then the TCP connection. Also the timers every
 * state may see.
 */
final class Dialing {
    private Dialing() {}

    /** The TCP connection we dialled is up: draw this attempt's global_seq, send our banner (BANNER_CONNECTING). */
    static Transition onConnected(Conn c) {
        if (!(c.phase() instanceof Phase.StartConnect sc) || !sc.dialing()) {
            return Transition.stay(c); // stale
        }
        Env.Draw<Long> gs = c.env().nextGlobalSeq(0);
        Link link = Link.open(Role.CLIENT, c.target())
                .withTranscript(Transcript.EMPTY.onSent(c.config().wireImage().banner(c.config().wireBanner())));
        Conn next = c.withEnv(gs.env())
                .withSession(c.session().withSeqs(gs.value(), c.session().connectSeq()))
                .withPhase(new Phase.BannerConnecting(link));
        Out out = new Out().add(new Effect.SendBanner(c.config().wireBanner()));
        if (c.config().pipelining() && c.config().banner().has(io.msgr2.spec.wire.Msgr2Features.REVISION_1)) {
            return ClientBannerPhase.pipeline(next, link, out);
        }
        return out.to(next);
    }

    static Transition onTimer(Conn c, TimerKind timer) {
        return switch (timer) {
            case BACKOFF -> onBackoff(c);
            case READY_TIMEOUT -> c.hasTransport() && c.kind() != StateKind.READY
                    ? Faults.fault(c, new CloseReason.TimedOut(timer)) : Transition.stay(c);
        };
    }

    /** The backoff is over: dial again (START_CONNECT, dialing). */
    private static Transition onBackoff(Conn c) {
        boolean waiting = c.phase() instanceof Phase.StartConnect sc && !sc.dialing() || c.phase() instanceof Phase.Wait;
        return waiting ? dial(c, new Out()) : Transition.stay(c);
    }

    /** Asks for a new TCP connection to the peer and arms the handshake timer. */
    static Transition dial(Conn c, Out out) {
        out.add(new Effect.Connect(c.target()))
                .add(new Effect.ArmTimer(TimerKind.READY_TIMEOUT, c.config().timing().readyTimeout()));
        return out.to(c.withPhase(new Phase.StartConnect(true)));
    }
}
