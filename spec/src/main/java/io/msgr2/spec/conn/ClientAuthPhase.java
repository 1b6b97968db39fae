package io.msgr2.spec.conn;

import io.msgr2.spec.auth.AuthOutcome;
import io.msgr2.spec.auth.ClientAuth;
import io.msgr2.spec.frame.AuthBadMethod;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthReplyMore;
import io.msgr2.spec.frame.AuthRequest;
import io.msgr2.spec.frame.AuthRequestMore;
import io.msgr2.spec.frame.AuthSignature;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityType;
import java.util.List;
import java.util.Optional;

/**
 * AUTH_CONNECTING and AUTH_CONNECTING_SIGN: the client runs its auth method's machine until
 * AUTH_DONE, switches to the mode the server chose, signs what it received, and checks the
 * server's signature of what it sent.
 */
final class ClientAuthPhase {
    private ClientAuthPhase() {}

    /** Sends AUTH_REQUEST for {@code method} (AUTH_CONNECTING); a method we cannot start stops the connection. */
    static Transition request(Conn c, Link link, AuthMethod method, Out out) {
        Optional<ClientAuth> auth = ClientBannerPhase.machine(c, method);
        if (auth.isEmpty()) {
            return Faults.stop(c, new CloseReason.AuthFailed("no client for auth method " + method), true);
        }
        return switch (auth.get().start(c.env())) {
            case ClientAuth.Result.Send s -> {
                Link l = out.send(c.config(), link,
                        new AuthRequest(method, ClientBannerPhase.modes(c, method), s.payload()));
                yield out.to(c.withEnv(s.env()).withPhase(new Phase.AuthConnecting(l, s.next())));
            }
            case ClientAuth.Result.Failed f -> Faults.stop(c, new CloseReason.AuthFailed(f.reason()), true);
            case ClientAuth.Result.Done d -> Faults.stop(c, new CloseReason.AuthFailed("auth done before a request"), true);
        };
    }

    static Transition onFrame(Conn c, Phase.AuthConnecting p, Link link, Frame f) {
        return switch (f) {
            case AuthBadMethod bad -> onBadMethod(c, link, bad);
            case AuthReplyMore more -> onReplyMore(c, p, link, more);
            case AuthDone done -> onAuthDone(c, p, link, done);
            default -> throw new AssertionError("AUTH_CONNECTING accepts " + Accepts.ACCEPTED.get(StateKind.AUTH_CONNECTING));
        };
    }

    /**
     * AUTH_BAD_METHOD: toward a mon, retry with the next of our methods (after the refused
     * one) that the server allows, on the same connection; otherwise, or when none is left,
     * a fault (Ceph's MonClient answers -EACCES).
     */
    static Transition onBadMethod(Conn c, Link link, AuthBadMethod bad) {
        List<AuthMethod> ours = c.config().auth().clientMethods();
        int i = ours.indexOf(bad.method());
        if (c.session().peer().type().equals(EntityType.MON) && i >= 0) {
            for (AuthMethod m : ours.subList(i + 1, ours.size())) {
                if (bad.allowedMethods().contains(m)) {
                    return request(c, link, m, new Out());
                }
            }
        }
        return Faults.fault(c, new CloseReason.AuthFailed("the " + c.session().peer().type().cephName() + " refused "
                + bad.method() + " for " + c.config().name() + ": " + errno(bad.result()) + "; it allows "
                + bad.allowedMethods() + " with modes " + bad.allowedModes()));
    }

    /** What AUTH_BAD_METHOD's result means, in the words of the errors Ceph's servers use there. */
    static String errno(int result) {
        return switch (result) {
            case -13 -> "permission denied (-13 EACCES: wrong key, unknown entity or no caps)";
            case -95 -> "no common connection mode (-95 EOPNOTSUPP)";
            case -1 -> "malformed request (-1 EPERM)";
            case -22 -> "invalid request (-22 EINVAL)";
            case -5 -> "the server has no key to issue tickets (-5 EIO)";
            default -> "error " + result;
        };
    }

    /** AUTH_REPLY_MORE: the method's next round, AUTH_REQUEST_MORE. */
    static Transition onReplyMore(Conn c, Phase.AuthConnecting p, Link link, AuthReplyMore more) {
        return switch (p.auth().onReplyMore(more.payload(), c.env())) {
            case ClientAuth.Result.Send s -> {
                Out out = new Out();
                Link l = out.send(c.config(), link, new AuthRequestMore(s.payload()));
                yield out.to(c.withEnv(s.env()).withPhase(new Phase.AuthConnecting(l, s.next())));
            }
            case ClientAuth.Result.Failed f -> Faults.fault(c, new CloseReason.AuthFailed(f.reason()));
            case ClientAuth.Result.Done d -> Faults.fault(c, new CloseReason.AuthFailed("done without AUTH_DONE"));
        };
    }

    /**
     * AUTH_DONE: the method validates it; recording stops (AUTH_DONE is the last received
     * byte signed); secure mode starts with our next frame; our AUTH_SIGNATURE signs what we
     * received (AUTH_CONNECTING_SIGN).
     */
    static Transition onAuthDone(Conn c, Phase.AuthConnecting p, Link link, AuthDone done) {
        ClientAuth.Result r = p.auth().onDone(done, c.env());
        if (!(r instanceof ClientAuth.Result.Done ok)) {
            String why = r instanceof ClientAuth.Result.Failed f ? f.reason() : "unexpected auth step";
            return Faults.fault(c, new CloseReason.AuthFailed(why));
        }
        AuthOutcome outcome = ok.outcome();
        boolean secure = outcome.mode().equals(ConnectionMode.SECURE);
        if (!secure && !outcome.mode().equals(ConnectionMode.CRC)) {
            return Faults.fault(c, new CloseReason.ProtocolViolation(CloseReason.Violation.UNKNOWN_CONNECTION_MODE,
                    "AUTH_DONE chose " + outcome.mode()));
        }
        if (!ClientBannerPhase.modes(c, p.auth().method()).contains(outcome.mode())) {
            return Faults.fault(c, new CloseReason.ProtocolViolation(CloseReason.Violation.MODE_NOT_OFFERED,
                    "AUTH_DONE chose " + outcome.mode()));
        }
        if (secure && outcome.connectionSecret().length() < 40) {
            return Faults.fault(c, new CloseReason.AuthFailed("secure mode without a connection secret"));
        }
        Out out = new Out().add(new Effect.StopCapture());
        if (secure) {
            out.add(new Effect.InstallSecure(outcome.connectionSecret()));
        }
        Link l = link.withTranscript(link.transcript().stop()).withAuth(outcome);
        l = out.send(c.config(), l, new AuthSignature(l.transcript().signReceived(outcome.sessionKey())));
        Conn d = c.withEnv(ok.env()).withPhase(new Phase.AuthConnectingSign(l));
        return out.to(d);
    }

    /**
     * AUTH_CONNECTING_SIGN, the server's AUTH_SIGNATURE: it must sign exactly what we sent;
     * then a new session (CLIENT_IDENT) or, holding a server cookie, a reconnect.
     */
    static Transition onSignature(Conn c, Link link, AuthSignature sig) {
        AuthOutcome auth = link.auth().orElseThrow();
        if (!sig.signature().equals(link.transcript().signSent(auth.sessionKey()))) {
            return Faults.fault(c, new CloseReason.ProtocolViolation(CloseReason.Violation.SIGNATURE_MISMATCH,
                    "the server's AUTH_SIGNATURE does not sign what we sent"));
        }
        return ClientCompressionPhase.startOrSkip(c, link);
    }
}
