package io.msgr2.testkit;

import io.msgr2.spec.conn.ConnectionEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exactly-once per session, checked when a {@link Sim} run has settled: every message the
 * application queued on a lossless connection arrived once, unless the application was told
 * that session was lost, or lost it itself. Each send is judged on the connection it was
 * queued on ({@code conn}, the messenger's connection id, which lives on across reconnects
 * and takeovers):
 * <ul>
 *   <li>{@link Fate#DELIVERED}: the receiver got it, once per incarnation. A receiver that
 *       restarted with the same address may get it again: a lossless_peer session answers an
 *       unknown SESSION_RECONNECT with a RESET that is not full (resetcheck is off), so the
 *       sender keeps its queue and the new process receives what the old one never
 *       acknowledged, as Ceph's OSDs do (they learn of restarts from the OSD map);</li>
 *   <li>{@link Fate#RESET_NOTIFIED}: not delivered, and after the send the sender heard RESET
 *       or REMOTE_RESET on that connection (Ceph's {@code ms_handle_reset} /
 *       {@code ms_handle_remote_reset}: the queue was dropped and the application knows);</li>
 *   <li>{@link Fate#MARKED_DOWN}: not delivered, and after the send the sender's application
 *       closed that connection itself ({@code mark_down}, which drops the queue by
 *       definition);</li>
 *   <li>{@link Fate#SENDER_RESTARTED}: not delivered, and the sending process restarted
 *       after the send (its queue died with it);</li>
 *   <li>{@link Fate#LOST}: none of these: a violation.</li>
 * </ul>
 * Sends on lossy connections are counted ({@link Fate#LOSSY}) and not held to anything.
 * The notifications themselves are checked by {@link Invariants} (at most one per lost
 * session).
 */
public final class Liveness {
    /** What became of one send. */
    public enum Fate { DELIVERED, RESET_NOTIFIED, MARKED_DOWN, SENDER_RESTARTED, LOST, LOSSY }

    private record Send(String from, int fromInc, String to, long conn, long n, long at, long order,
                        boolean lossless) {}

    private final Sim sim;
    private final List<Send> sends = new ArrayList<>();
    /** peer@incarnation#conn -> the order numbers of the reset notifications, and of the mark-downs. */
    private final Map<String, List<Long>> resets = new HashMap<>();
    private final Map<String, List<Long>> markedDown = new HashMap<>();
    /** peer -> the order numbers of its restarts. */
    private final Map<String, List<Long>> restarts = new HashMap<>();
    /** receiver<sender@incarnation/n -> how many times it was delivered, per incarnation of the receiver. */
    private final Map<String, Map<Integer, Integer>> deliveries = new HashMap<>();
    /** Orders events (several happen in one virtual millisecond). */
    private long order;

    public Liveness(Sim sim) {
        this.sim = sim;
        sim.onEvent(ev -> {
            order++;
            switch (ev) {
                case Sim.Event.Notified n when n.event() == ConnectionEvent.RESET
                        || n.event() == ConnectionEvent.REMOTE_RESET ->
                        resets.computeIfAbsent(connKey(n.peer(), n.conn()), k -> new ArrayList<>()).add(order);
                case Sim.Event.Restarted r -> restarts.computeIfAbsent(r.peer(), k -> new ArrayList<>()).add(order);
                case Sim.Event.Delivered d -> {
                    SessionRules.id(d.message()).ifPresent(id -> deliveries.computeIfAbsent(d.peer() + "<" + id.sender()
                            + "@" + id.incarnation() + "/" + id.n(), k -> new HashMap<>())
                            .merge(incarnation(d.peer()), 1, Integer::sum));
                }
                default -> { }
            }
        });
    }

    /** {@code from}'s application queued message {@code n} for {@code to} on its connection {@code conn}. */
    public void sent(Sim.Peer from, Sim.Peer to, long conn, long n) {
        boolean lossless = from.messenger().conn(conn).map(c -> !c.session().policy().lossy()).orElse(false);
        sends.add(new Send(from.name, from.incarnation(), to.name, conn, n, sim.now(), ++order, lossless));
    }

    /** {@code p}'s application closes its connection {@code conn} (mark_down): whatever it queued there is dropped. */
    public void markDown(Sim.Peer p, long conn) {
        markedDown.computeIfAbsent(connKey(p.name, conn), k -> new ArrayList<>()).add(++order);
    }

    /** How many sends met each fate. */
    public Map<Fate, Long> fates() {
        Map<Fate, Long> out = new EnumMap<>(Fate.class);
        for (Send s : sends) {
            out.merge(fate(s), 1L, Long::sum);
        }
        return out;
    }

    /** Every send that went wrong: lost, or delivered more than once. */
    public List<String> violations() {
        List<String> out = new ArrayList<>();
        for (Send s : sends) {
            var times = deliveries.getOrDefault(s.to + "<" + s.from + "@" + s.fromInc + "/" + s.n, Map.of());
            times.forEach((inc, n) -> {
                if (n > 1) {
                    out.add(String.format("message %s/%d/%d sent at %d ms was delivered %d times to %s/%d", s.from,
                            s.fromInc, s.n, s.at, n, s.to, inc));
                }
            });
            if (fate(s) == Fate.LOST) {
                out.add(String.format("message %s/%d/%d queued on %s#%d at %d ms never reached %s, and no reset was "
                        + "notified on that connection", s.from, s.fromInc, s.n, s.from, s.conn, s.at, s.to));
            }
        }
        return out;
    }

    private Fate fate(Send s) {
        if (!s.lossless) {
            return Fate.LOSSY;
        }
        if (deliveries.containsKey(s.to + "<" + s.from + "@" + s.fromInc + "/" + s.n)) {
            return Fate.DELIVERED;
        }
        String k = s.from + "@" + s.fromInc + "#" + s.conn;
        if (after(resets.get(k), s.order)) {
            return Fate.RESET_NOTIFIED;
        }
        if (after(markedDown.get(k), s.order)) {
            return Fate.MARKED_DOWN;
        }
        if (after(restarts.get(s.from), s.order)) {
            return Fate.SENDER_RESTARTED;
        }
        return Fate.LOST;
    }

    private static boolean after(List<Long> orders, long order) {
        return orders != null && orders.stream().anyMatch(o -> o > order);
    }

    private String connKey(String peer, long conn) {
        return peer + "@" + incarnation(peer) + "#" + conn;
    }

    private int incarnation(String peer) {
        return sim.peers().stream().filter(p -> p.name.equals(peer)).findFirst().map(Sim.Peer::incarnation).orElse(0);
    }
}
