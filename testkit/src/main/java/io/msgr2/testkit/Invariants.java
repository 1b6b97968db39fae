package io.msgr2.testkit;

import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.ConnectionEvent;
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
 * <p>Messages carry their identity in the front payload: {@code sender/incarnation/n}
 * ({@link SessionRules#front}). The rules themselves are {@link SessionRules}', shared with the
 * explorer; this class keeps the history they are judged against.
 */
public final class Invariants {
    private final Sim sim;
    private final List<String> violations = new ArrayList<>();
    /** receiver|sender|incarnations -> the last n delivered. */
    private final Map<String, Long> lastDelivered = new HashMap<>();
    private final Set<String> resetConns = new HashSet<>();
    /** Connections told REMOTE_RESET that have not established a session since. */
    private final Set<String> remoteResetSinceSession = new HashSet<>();
    private final Map<String, Long> lastGlobalSeq = new HashMap<>();
    /** The state each connection had after the previous step (its connect_seq must not go back). */
    private final Map<String, Conn> lastConn = new HashMap<>();
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
            case Sim.Event.TransportClosed t ->
                    SessionRules.closeReason(t.peer() + "#" + t.conn(), t.reason()).ifPresent(this::fail);
            case Sim.Event.Restarted r -> { }
            case Sim.Event.Sent x -> onSent(x);
        }
    }

    private void onDelivered(Sim.Event.Delivered d) {
        String k = d.peer() + "#" + d.conn() + "@" + incarnation(d.peer());
        if (resetConns.contains(k)) {
            fail(d.peer() + " delivered on connection " + d.conn() + " after its reset");
        }
        var id = SessionRules.id(d.message());
        if (id.isEmpty()) {
            return; // not a simulated workload message
        }
        String key = key(d.peer(), incarnation(d.peer()), id.get().sender(), id.get().incarnation());
        long n = id.get().n();
        SessionRules.order(d.peer(), id.get().sender() + "/" + id.get().incarnation(), n,
                lastDelivered.getOrDefault(key, 0L)).ifPresent(this::fail);
        lastDelivered.merge(key, n, Math::max);
    }

    /**
     * P8 (cookie discipline) and P9 (global_seq never goes back) on the frames themselves:
     * CLIENT_IDENT carries a cookie iff lossless; SESSION_RECONNECT only with both cookies and
     * connect_seq > 0; SERVER_IDENT carries a cookie iff lossless.
     */
    private void onSent(Sim.Event.Sent x) {
        SessionRules.cookies(x.peer() + "#" + x.conn(), x.frame()).ifPresent(this::fail);
        SessionRules.announcedGlobalSeq(x.frame()).ifPresent(gs -> globalSeqSent(x.peer(), gs));
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
        String ck = p.name + "#" + id + "@" + p.incarnation();
        SessionRules.conn(ck, java.util.Optional.ofNullable(lastConn.put(ck, c)), c).forEach(this::fail);
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
