package io.msgr2.testkit;

import io.msgr2.spec.conn.CloseReason;
import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.ConnectionEvent;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.session.Session;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The session invariants of docs/facts/msgr2-session-facts.md §12, checked after every step of a
 * {@link Sim}: in-order, duplicate-free delivery (exactly-once per lossless session is
 * {@link Liveness}'s, at the end), no delivery after a reset, at most one RESET notification
 * per connection and one REMOTE_RESET per lost session, cookie discipline, monotonic
 * counters, no protocol violation between conforming peers.
 *
 * <p>Messages carry their identity in the front payload: {@code sender/incarnation/n}.
 */
public final class Invariants {
    private final Sim sim;
    private final List<String> violations = new ArrayList<>();
    /** receiver|sender|incarnations -> the last n delivered. */
    private final Map<String, Long> lastDelivered = new HashMap<>();
    private final Map<String, Set<Long>> deliveredIds = new HashMap<>();
    private final Set<String> resetConns = new HashSet<>();
    /** Connections told REMOTE_RESET that have not established a session since. */
    private final Set<String> remoteResetSinceSession = new HashSet<>();
    private final Map<String, Long> lastGlobalSeq = new HashMap<>();
    private final Map<String, Long> lastConnectSeq = new HashMap<>();
    private long resets;

    public Invariants(Sim sim) {
        this.sim = sim;
        sim.onEvent(this::onEvent);
        sim.onStep(this::onStep);
    }

    public List<String> violations() {
        return violations;
    }

    public long resets() {
        return resets;
    }

    /** The message ids {@code receiver} got from {@code sender}'s incarnation. */
    public Set<Long> delivered(String receiver, int receiverInc, String sender, int senderInc) {
        return deliveredIds.getOrDefault(key(receiver, receiverInc, sender, senderInc), Set.of());
    }

    public static String front(String sender, int incarnation, long n) {
        return sender + "/" + incarnation + "/" + n;
    }

    /** The identity {@link #front} wrote into a workload message (sender, incarnation, n), or null for another message. */
    static String[] id(io.msgr2.spec.frame.Message m) {
        String[] id = new String(m.front().toByteArray(), StandardCharsets.US_ASCII).split("/");
        return id.length == 3 ? id : null;
    }

    private void onEvent(Sim.Event ev) {
        switch (ev) {
            case Sim.Event.Delivered d -> onDelivered(d);
            case Sim.Event.Notified n -> {
                if (n.event() == ConnectionEvent.RESET) {
                    resets++;
                    String k = n.peer() + "#" + n.conn() + "@" + incarnation(n.peer());
                    if (!resetConns.add(k)) {
                        fail("a second RESET notification for " + k);
                    }
                } else if (n.event() == ConnectionEvent.REMOTE_RESET) {
                    resets++;
                    // the peer lost the session: once per session, so a new one must be established before another
                    String k = n.peer() + "#" + n.conn() + "@" + incarnation(n.peer());
                    if (!remoteResetSinceSession.add(k)) {
                        fail("a second REMOTE_RESET notification for " + k + " with no session established since");
                    }
                } else if (n.event() == ConnectionEvent.CONNECTED || n.event() == ConnectionEvent.ACCEPTED) {
                    remoteResetSinceSession.remove(n.peer() + "#" + n.conn() + "@" + incarnation(n.peer()));
                }
            }
            case Sim.Event.TransportClosed t -> {
                switch (t.reason()) {
                    case CloseReason.ProtocolViolation v -> fail(t.peer() + "#" + t.conn() + " protocol violation " + v);
                    case CloseReason.UnexpectedFrame u -> fail(t.peer() + "#" + t.conn() + " unexpected frame " + u);
                    case CloseReason.MalformedInput m -> fail(t.peer() + "#" + t.conn() + " malformed input " + m);
                    case CloseReason.BannerMismatch b -> fail(t.peer() + "#" + t.conn() + " banner mismatch " + b);
                    case CloseReason.WrongPeerType w -> fail(t.peer() + "#" + t.conn() + " wrong peer type " + w);
                    case CloseReason.AuthFailed a -> fail(t.peer() + "#" + t.conn() + " auth failed " + a);
                    default -> { }
                }
            }
            case Sim.Event.Restarted r -> { }
            case Sim.Event.Sent x -> onSent(x);
        }
    }

    private void onDelivered(Sim.Event.Delivered d) {
        String k = d.peer() + "#" + d.conn() + "@" + incarnation(d.peer());
        if (resetConns.contains(k)) {
            fail(d.peer() + " delivered on connection " + d.conn() + " after its reset");
        }
        String[] id = id(d.message());
        if (id == null) {
            return; // not a simulated workload message
        }
        String key = key(d.peer(), incarnation(d.peer()), id[0], Integer.parseInt(id[1]));
        long n = Long.parseLong(id[2]);
        Long last = lastDelivered.get(key);
        if (last != null && n <= last) {
            fail(d.peer() + " delivered " + id[0] + "/" + id[1] + " message " + n + " after " + last
                    + (n == last ? " (duplicate)" : " (out of order)"));
        }
        lastDelivered.put(key, n);
        deliveredIds.computeIfAbsent(key, x -> new HashSet<>()).add(n);
    }

    /**
     * P8 (cookie discipline) and P9 (global_seq never goes back) on the frames themselves:
     * CLIENT_IDENT carries a cookie iff lossless; SESSION_RECONNECT only with both cookies and
     * connect_seq > 0; SERVER_IDENT carries a cookie iff lossless.
     */
    private void onSent(Sim.Event.Sent x) {
        String who = x.peer() + "#" + x.conn();
        switch (x.frame()) {
            case io.msgr2.spec.frame.ClientIdent ci -> {
                if (ci.lossy() != (ci.clientCookie() == 0)) {
                    fail(who + " CLIENT_IDENT lossy=" + ci.lossy() + " with cookie " + ci.clientCookie());
                }
                globalSeqSent(x.peer(), ci.globalSeq());
            }
            case io.msgr2.spec.frame.SessionReconnect r -> {
                if (r.clientCookie() == 0 || r.serverCookie() == 0 || r.connectSeq() <= 0) {
                    fail(who + " SESSION_RECONNECT without a session: " + r);
                }
                globalSeqSent(x.peer(), r.globalSeq());
            }
            case io.msgr2.spec.frame.ServerIdent si -> {
                if (si.lossy() != (si.serverCookie() == 0)) {
                    fail(who + " SERVER_IDENT lossy=" + si.lossy() + " with cookie " + si.serverCookie());
                }
            }
            default -> { }
        }
    }

    private final Map<String, Long> lastSentGlobalSeq = new HashMap<>();

    private void globalSeqSent(String peer, long gs) {
        String k = peer + "@" + incarnation(peer);
        Long last = lastSentGlobalSeq.get(k);
        if (last != null && gs < last) {
            fail(peer + " sent global_seq " + gs + " after " + last);
        }
        lastSentGlobalSeq.put(k, gs);
    }

    private void onStep(Sim.Peer p) {
        String pk = p.name + "@" + p.incarnation();
        long gs = p.messenger().env().globalSeq();
        Long lastGs = lastGlobalSeq.put(pk, gs);
        if (lastGs != null && gs < lastGs) {
            fail(p.name + " global_seq went back from " + lastGs + " to " + gs);
        }
        p.messenger().conns().forEach((id, c) -> checkConn(p, id, c));
    }

    private void checkConn(Sim.Peer p, long id, Conn c) {
        Session s = c.session();
        String ck = p.name + "#" + id + "@" + p.incarnation();
        if (c.kind() == StateKind.READY) {
            if (s.policy().lossy() && s.serverCookie() != 0) {
                fail(ck + " is lossy with a server cookie");
            }
            if (!s.policy().lossy() && (s.clientCookie() == 0 || s.serverCookie() == 0)) {
                fail(ck + " is a lossless READY session without both cookies: " + s.clientCookie() + "/"
                        + s.serverCookie());
            }
        }
        if (s.policy().server() && c.kind() == StateKind.START_CONNECT) {
            fail(ck + " has a server policy and dials (P16)");
        }
        Long lastCs = lastConnectSeq.put(ck, s.connectSeq());
        if (lastCs != null && s.connectSeq() < lastCs && s.connectSeq() != 0) {
            fail(ck + " connect_seq went back from " + lastCs + " to " + s.connectSeq());
        }
    }

    private int incarnation(String peer) {
        return sim.peers().stream().filter(q -> q.name.equals(peer)).findFirst().map(Sim.Peer::incarnation).orElse(0);
    }

    private static String key(String receiver, int receiverInc, String sender, int senderInc) {
        return receiver + "@" + receiverInc + "<" + sender + "@" + senderInc;
    }

    void fail(String what) {
        violations.add(String.format("%d ms: %s", sim.now(), what));
    }
}
