package io.msgr2.spec.conn;

import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.AuthOutcome;
import io.msgr2.spec.auth.ServerAuth;
import io.msgr2.spec.frame.AuthBadMethod;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthReplyMore;
import io.msgr2.spec.frame.AuthRequest;
import io.msgr2.spec.frame.AuthRequestMore;
import io.msgr2.spec.frame.AuthSignature;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.ConnectionMode;
import java.util.Optional;

/**
 * AUTH_ACCEPTING, AUTH_ACCEPTING_MORE and AUTH_ACCEPTING_SIGN: the server picks the
 * connection mode, runs the method's machine to AUTH_DONE, switches to that mode, signs
 * what it received, and checks the client's signature of what it sent.
 */
final class ServerAuthPhase {
    static final int EOPNOTSUPP = -95;

    private ServerAuthPhase() {}

    /**
     * AUTH_ACCEPTING, AUTH_REQUEST: the mode is the first of the client's preferences that
     * the method allows us (none: AUTH_BAD_METHOD -EOPNOTSUPP); then the method answers
     * done, more, a refusal (AUTH_BAD_METHOD with what we allow) or busy (a fault).
     */
    static Transition onAuthRequest(Conn c, Link link, AuthRequest req) {
        AuthConfig auth = c.config().auth();
        ConnectionMode mode = AuthConfig.pickMode(req.preferredModes(), auth.serverModes(req.method()));
        Optional<ServerAuth> machine = auth.server(req.method());
        if (mode.equals(ConnectionMode.UNKNOWN) || machine.isEmpty()) {
            return badMethod(c, link, req.method(), EOPNOTSUPP, new Phase.AuthAccepting(link));
        }
        ServerAuth.Result r = machine.get().onRequest(req.payload(), c.session().peer().type(), mode, c.env());
        return onResult(c, link, req.method(), mode, r, false);
    }

    /** AUTH_ACCEPTING_MORE, AUTH_REQUEST_MORE: the method's next round. */
    static Transition onAuthRequestMore(Conn c, Phase.AuthAcceptingMore p, Link link, AuthRequestMore more) {
        ServerAuth.Result r = p.auth().onRequestMore(more.payload(), c.env());
        return onResult(c, link, p.auth().method(), p.mode(), r, true);
    }

    /**
     * A refusal during the MORE rounds leaves the state in AUTH_ACCEPTING_MORE, as Ceph's
     * does, so a fresh AUTH_REQUEST from the client is then out of state.
     */
    private static Transition onResult(Conn c, Link link, AuthMethod method, ConnectionMode mode, ServerAuth.Result r,
                                       boolean more) {
        return switch (r) {
            case ServerAuth.Result.Done d -> finishAuth(c.withEnv(d.env()), link, d.outcome(), d.payload());
            case ServerAuth.Result.More m -> {
                Out out = new Out();
                Link l = out.send(c.config(), link, new AuthReplyMore(m.payload()));
                yield out.to(c.withEnv(m.env()).withPhase(new Phase.AuthAcceptingMore(l, m.next(), mode)));
            }
            case ServerAuth.Result.Refused x -> badMethod(c, link, method, x.errno(),
                    more && c.phase() instanceof Phase.AuthAcceptingMore am
                            ? new Phase.AuthAcceptingMore(link, am.auth(), am.mode()) : new Phase.AuthAccepting(link));
            case ServerAuth.Result.Busy b -> Faults.fault(c, new CloseReason.AuthFailed("busy: " + b.reason()));
        };
    }

    /** AUTH_BAD_METHOD: the method refused with {@code errno}, listing the methods and modes we allow. */
    private static Transition badMethod(Conn c, Link link, AuthMethod method, int errno, Phase stayIn) {
        AuthConfig auth = c.config().auth();
        Out out = new Out();
        Link l = out.send(c.config(), link, new AuthBadMethod(method, errno, auth.serverMethods(), auth.serverModes()));
        Phase next = switch (stayIn) {
            case Phase.AuthAcceptingMore am -> new Phase.AuthAcceptingMore(l, am.auth(), am.mode());
            default -> new Phase.AuthAccepting(l);
        };
        return out.to(c.withPhase(next));
    }

    /**
     * Authentication succeeded: AUTH_DONE goes out in plaintext and is the last byte we
     * record; secure mode starts right after it; our AUTH_SIGNATURE signs what we received
     * (AUTH_ACCEPTING_SIGN).
     */
    static Transition finishAuth(Conn c, Link link, AuthOutcome outcome, io.msgr2.spec.wire.Bytes payload) {
        boolean secure = outcome.mode().equals(ConnectionMode.SECURE);
        if (secure && outcome.connectionSecret().length() < 40) {
            return Faults.fault(c, new CloseReason.AuthFailed("secure mode without a connection secret"));
        }
        Out out = new Out();
        Link l = out.send(c.config(), link, new AuthDone(outcome.globalId(), outcome.mode(), payload));
        l = l.withTranscript(l.transcript().stop()).withAuth(outcome);
        out.add(new Effect.StopCapture());
        if (secure) {
            out.add(new Effect.InstallSecure(outcome.connectionSecret()));
        }
        l = out.send(c.config(), l, new AuthSignature(l.transcript().signReceived(outcome.sessionKey())));
        return out.to(c.withPhase(new Phase.AuthAcceptingSign(l)));
    }

    /** AUTH_ACCEPTING_SIGN, the client's AUTH_SIGNATURE: it must sign what we sent (SESSION_ACCEPTING). */
    static Transition onSignature(Conn c, Link link, AuthSignature sig) {
        AuthOutcome auth = link.auth().orElseThrow();
        if (!sig.signature().equals(link.transcript().signSent(auth.sessionKey()))) {
            return Faults.fault(c, new CloseReason.ProtocolViolation(CloseReason.Violation.SIGNATURE_MISMATCH,
                    "the client's AUTH_SIGNATURE does not sign what we sent"));
        }
        return ServerCompressionPhase.startOrSkip(c, link);
    }
}
