package io.msgr2.testkit.explore;

import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.testkit.explore.World.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * What must hold when a world has come to rest (no move left but faults: nothing in flight,
 * no timer armed, no application message the application could still send): every
 * connection is READY, STANDBY or CLOSED (none stuck mid-handshake or in WAIT); no peer has
 * two READY connections to the same peer; every message a lossless session accepted has
 * arrived (exactly once: duplicates are caught at every step) at some incarnation of its
 * receiver, unless its connection notified RESET or REMOTE_RESET, its sender restarted, or
 * its sender is a server whose peer restarted (a server cannot dial it back). Lossy sessions
 * owe no delivery; their order and duplicates are checked at every step.
 */
public final class Liveness {
    private Liveness() {}

    /** Whether {@code w} is at rest: no move but faults. */
    public static boolean quiescent(Model model, World w) {
        return Transitions.moves(model, w).stream().allMatch(Transitions.Move::fault);
    }

    /** What is wrong with a world at rest. */
    public static List<String> check(Model model, World w) {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < w.nodes().size(); p++) {
            Node n = w.nodes().get(p);
            String who = model.peers().get(p).name() + "@" + n.incarnation();
            int[] ready = new int[w.nodes().size()];
            for (var e : n.messenger().conns()) {
                Conn c = e._2;
                StateKind k = c.kind();
                if (k != StateKind.READY && k != StateKind.STANDBY && k != StateKind.CLOSED) {
                    out.add(who + "#" + e._1 + " is stuck in " + k + " with nothing left to happen");
                }
                if (k == StateKind.READY) {
                    for (int q = 0; q < ready.length; q++) {
                        if (q != p && model.peers().get(q).type() == c.session().peer().type()
                                && model.peers().get(q).gid() == c.session().peer().gid()) {
                            ready[q]++;
                        }
                    }
                }
            }
            for (int q = 0; q < ready.length; q++) {
                if (ready[q] > 1) {
                    out.add(who + " has " + ready[q] + " READY connections to " + model.peers().get(q).name());
                }
            }
        }
        Ledger l = w.ledger();
        for (Ledger.Sent s : l.sent()) {
            Model.PeerSpec fromSpec = model.peers().get(s.from());
            String from = fromSpec.name() + "@" + s.fromInc();
            String to = model.peers().get(s.to()).name();
            boolean senderRestarted = w.nodes().get(s.from()).incarnation() != s.fromInc();
            boolean dropped = l.dropped().contains(from + "#" + s.conn());
            // a server cannot dial: a peer that restarted and never came back cannot be reached
            boolean unreachable = fromSpec.config().policyFor(model.peers().get(s.to()).type()).server()
                    && w.nodes().get(s.to()).incarnation() != s.toInc();
            if (!senderRestarted && !dropped && !unreachable && !l.reached(to, from, s.n())) {
                out.add("message " + from + "/" + s.n() + " (queued on #" + s.conn() + ") never reached " + to
                        + ", and no RESET or REMOTE_RESET on its connection");
            }
        }
        return out;
    }
}
