package io.msgr2.testkit;

import io.msgr2.spec.conn.CloseReason;
import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.frame.SessionReconnect;
import io.msgr2.spec.session.Session;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The per-step session rules of docs/facts/msgr2-session-facts.md §12 that need no history,
 * as pure functions any checker can call: the explorer ({@code io.msgr2.testkit.explore})
 * and {@link Invariants} (against the simulator's events) both judge by them.
 * Each returns what is wrong, in a sentence, or nothing.
 */
public final class SessionRules {
    private SessionRules() {}

    /** Who sent a workload message, its sender's incarnation and its number (the front {@code sender/incarnation/n}). */
    public record MessageId(String sender, int incarnation, long n) {}

    /** The front payload that names a workload message. */
    public static String front(String sender, int incarnation, long n) {
        return sender + "/" + incarnation + "/" + n;
    }

    /** The workload identity a delivered message carries, if it is one. */
    public static Optional<MessageId> id(Message m) {
        String[] id = new String(m.front().toByteArray(), StandardCharsets.US_ASCII).split("/");
        if (id.length != 3) {
            return Optional.empty();
        }
        return Optional.of(new MessageId(id[0], Integer.parseInt(id[1]), Long.parseLong(id[2])));
    }

    /**
     * P8, cookie discipline on the frames themselves: CLIENT_IDENT carries a cookie iff
     * lossless; SESSION_RECONNECT only with both cookies and connect_seq > 0; SERVER_IDENT
     * carries a cookie iff lossless.
     */
    public static Optional<String> cookies(String who, Frame f) {
        return switch (f) {
            case ClientIdent ci when ci.lossy() != (ci.clientCookie() == 0) ->
                    Optional.of(who + " CLIENT_IDENT lossy=" + ci.lossy() + " with cookie " + ci.clientCookie());
            case SessionReconnect r when r.clientCookie() == 0 || r.serverCookie() == 0 || r.connectSeq() <= 0 ->
                    Optional.of(who + " SESSION_RECONNECT without a session: " + r);
            case ServerIdent si when si.lossy() != (si.serverCookie() == 0) ->
                    Optional.of(who + " SERVER_IDENT lossy=" + si.lossy() + " with cookie " + si.serverCookie());
            default -> Optional.empty();
        };
    }

    /** The global_seq a frame announces (CLIENT_IDENT, SESSION_RECONNECT), for P9's check that it never goes back. */
    public static Optional<Long> announcedGlobalSeq(Frame f) {
        return switch (f) {
            case ClientIdent ci -> Optional.of(ci.globalSeq());
            case SessionReconnect r -> Optional.of(r.globalSeq());
            default -> Optional.empty();
        };
    }

    /** Between conforming peers no connection closes for a protocol reason. */
    public static Optional<String> closeReason(String who, CloseReason reason) {
        return switch (reason) {
            case CloseReason.ProtocolViolation v -> Optional.of(who + " protocol violation " + v);
            case CloseReason.UnexpectedFrame u -> Optional.of(who + " unexpected frame " + u);
            case CloseReason.MalformedInput m -> Optional.of(who + " malformed input " + m);
            case CloseReason.BannerMismatch b -> Optional.of(who + " banner mismatch " + b);
            case CloseReason.WrongPeerType w -> Optional.of(who + " wrong peer type " + w);
            case CloseReason.AuthFailed a -> Optional.of(who + " auth failed " + a);
            default -> Optional.empty();
        };
    }

    /**
     * One connection's state after a step, against the one before ({@code before} empty for a
     * new connection): a READY session's cookies match its policy, a server policy never
     * dials (P16), connect_seq never goes back except to 0 (a reset).
     */
    public static List<String> conn(String who, Optional<Conn> before, Conn c) {
        List<String> out = new ArrayList<>();
        Session s = c.session();
        if (c.kind() == StateKind.READY) {
            if (s.policy().lossy() && s.serverCookie() != 0) {
                out.add(who + " is lossy with a server cookie");
            }
            if (!s.policy().lossy() && (s.clientCookie() == 0 || s.serverCookie() == 0)) {
                out.add(who + " is a lossless READY session without both cookies: " + s.clientCookie() + "/"
                        + s.serverCookie());
            }
        }
        if (s.policy().server() && c.kind() == StateKind.START_CONNECT) {
            out.add(who + " has a server policy and dials (P16)");
        }
        before.map(b -> b.session().connectSeq())
                .filter(cs -> s.connectSeq() < cs && s.connectSeq() != 0)
                .ifPresent(cs -> out.add(who + " connect_seq went back from " + cs + " to " + s.connectSeq()));
        return out;
    }

    /** In-order, duplicate-free delivery: message {@code n} after {@code last} (0: none yet). */
    public static Optional<String> order(String receiver, String sender, long n, long last) {
        if (last == 0 || n > last) {
            return Optional.empty();
        }
        return Optional.of(receiver + " delivered " + sender + " message " + n + " after " + last
                + (n == last ? " (duplicate)" : " (out of order)"));
    }
}
