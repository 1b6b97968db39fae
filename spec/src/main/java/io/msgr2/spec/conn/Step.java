package io.msgr2.spec.conn;

import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Tag;

/**
 * The transition function of one connection: {@code step(state, input)} gives the next
 * state and the effects, and does nothing else. Inputs every state treats alike are handled
 * here; the rest goes to the phase that owns the current state:
 *
 * <pre>
 * START_CONNECT                              Dialing
 * BANNER_CONNECTING, HELLO_CONNECTING        ClientBannerPhase
 * AUTH_CONNECTING, AUTH_CONNECTING_SIGN      ClientAuthPhase
 * SESSION_CONNECTING, SESSION_RECONNECTING   ClientSessionPhase
 * BANNER_ACCEPTING, HELLO_ACCEPTING          ServerBannerPhase
 * AUTH_ACCEPTING, _MORE, _SIGN               ServerAuthPhase
 * SESSION_ACCEPTING                          ServerSessionPhase (with the messenger's registry)
 * READY                                      ReadyPhase
 * STANDBY, WAIT, CLOSED, faults              Faults
 * </pre>
 */
public final class Step {
    private Step() {}

    public static Transition step(Conn c, Input in) {
        if (c.phase() instanceof Phase.Closed) {
            return Transition.stay(c); // CLOSED absorbs everything
        }
        return switch (in) {
            case Input.CloseRequested r -> Faults.markDown(c);
            case Input.SendRequested r -> Faults.enqueue(c, r.message());
            case Input.KeepaliveRequested r -> Faults.keepalive(c.withEnv(c.env().withNow(r.now())));
            case Input.TimerFired t -> Dialing.onTimer(c, t.timer());
            case Input.TransportConnected t -> Dialing.onConnected(c);
            case Input.TransportClosed t -> !c.hasTransport() ? Transition.stay(c)
                    : t.replyLost() && c.phase() instanceof Phase.Ready
                    ? Faults.replyLost(c, new CloseReason.TransportLost(t.detail()))
                    : Faults.fault(c, new CloseReason.TransportLost(t.detail()));
            case Input.InputMalformed m -> c.hasTransport()
                    ? Faults.fault(c, new CloseReason.MalformedInput(m.kind(), m.detail())) : Transition.stay(c);
            case Input.OutputRefused r -> c.hasTransport()
                    ? Faults.fault(c, new CloseReason.SendRefused(r.detail())) : Transition.stay(c);
            case Input.BannerReceived b -> onBanner(c, b);
            case Input.FrameReceived f -> c.phase() instanceof Phase.Linked l
                    ? onFrame(c, l, f) : Transition.stay(c); // no transport: a stale input, ignored
        };
    }

    private static Transition onBanner(Conn c, Input.BannerReceived b) {
        return switch (c.phase()) {
            case Phase.BannerConnecting p -> ClientBannerPhase.onBanner(c, p, b);
            case Phase.BannerAccepting p -> ServerBannerPhase.onBanner(c, p, b);
            case Phase.Linked l -> Faults.fault(c, new CloseReason.MalformedInput(io.msgr2.spec.frame.DecodeFailure.BAD_BANNER, "a second banner"));
            default -> Transition.stay(c);
        };
    }

    /** Records the frame in the pre-auth transcript, checks the state accepts it, then dispatches. */
    private static Transition onFrame(Conn c, Phase.Linked linked, Input.FrameReceived in) {
        Frame f = in.frame();
        Tag tag = f.tag();
        if (!Accepts.accepts(c.kind(), tag)) {
            return Faults.fault(c, new CloseReason.UnexpectedFrame(c.kind(), Accepts.ACCEPTED.get(c.kind()), tag));
        }
        Link link = linked.link();
        if (link.transcript().recording()) {
            link = link.withTranscript(link.transcript().onReceived(in.wire()));
        }
        return switch (linked) {
            case Phase.HelloConnecting p -> ClientBannerPhase.onHello(c, link, (io.msgr2.spec.frame.Hello) f);
            case Phase.AuthConnecting p -> ClientAuthPhase.onFrame(c, p, link, f);
            case Phase.AuthConnectingSign p -> ClientAuthPhase.onSignature(c, link,
                    (io.msgr2.spec.frame.AuthSignature) f);
            case Phase.CompressionConnecting p -> ClientCompressionPhase.onDone(c, p, link,
                    (io.msgr2.spec.frame.CompressionDone) f);
            case Phase.CompressionAccepting p -> ServerCompressionPhase.onRequest(c, link,
                    (io.msgr2.spec.frame.CompressionRequest) f);
            case Phase.SessionConnecting p -> ClientSessionPhase.onFrame(c, link, f, in.more());
            case Phase.SessionReconnecting p -> ClientSessionPhase.onFrame(c, link, f, in.more());
            case Phase.HelloAccepting p -> ServerBannerPhase.onHello(c, link, (io.msgr2.spec.frame.Hello) f);
            case Phase.AuthAccepting p -> ServerAuthPhase.onAuthRequest(c, link,
                    (io.msgr2.spec.frame.AuthRequest) f);
            case Phase.AuthAcceptingMore p -> ServerAuthPhase.onAuthRequestMore(c, p, link,
                    (io.msgr2.spec.frame.AuthRequestMore) f);
            case Phase.AuthAcceptingSign p -> ServerAuthPhase.onSignature(c, link,
                    (io.msgr2.spec.frame.AuthSignature) f);
            case Phase.SessionAccepting p -> ServerSessionPhase.onFrame(c, link, f, in.more());
            case Phase.Ready p -> ReadyPhase.onFrame(c, link, f, in.more());
            case Phase.BannerConnecting p -> throw new AssertionError("accepts no frame");
            case Phase.BannerAccepting p -> throw new AssertionError("accepts no frame");
        };
    }
}
