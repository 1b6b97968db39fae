package io.msgr2.testkit.explore;

import io.msgr2.spec.conn.ConnectionEvent;
import io.msgr2.spec.frame.Tag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exhaustive exploration of a {@link Model}: breadth first from the initial state, every
 * move of every state ({@link Transitions}), each distinct state once (by its
 * {@link Fingerprint}), up to a depth. Every move is checked as it is made (the per-step
 * rules); every state at rest is checked for liveness ({@link Liveness}). A violation comes
 * with the trace that reaches it; {@link #replay} re-runs a trace.
 *
 * <p>Breadth first, a state is expanded at the smallest depth it is reached at, so a depth
 * bound cuts nothing a shallower path reaches; when no state is left unexpanded before the
 * bound, the exploration is complete for the model and the fault budget.
 */
public final class Explorer {
    private Explorer() {}

    /** How deep, how many faults on a path, and how many distinct violations to collect before stopping. */
    public record Options(int depth, int faults, int maxViolations) {
        public static Options of(Model m) {
            return new Options(m.defaultDepth(), m.defaultFaults(), 5);
        }
    }

    /** A broken rule and the trace that breaks it. */
    public record Violation(String model, Trace trace, List<String> what) {
        @Override
        public String toString() {
            return String.join("\n", what) + "\n  trace (" + trace.labels().size() + " moves): " + trace.text();
        }
    }

    /**
     * The figures of one exploration. {@code depthReached}: the deepest level with a new
     * state; {@code complete}: nothing was left unexpanded at the bound; {@code atRest}: the
     * states checked for liveness; {@code allDelivered}: those where every message of the
     * model had arrived; {@code frames}, {@code notified}: counted over every move made.
     */
    public record Report(Model model, Options options, long states, long transitions, int depthReached,
                         boolean complete, long atRest, long allDelivered, long delivered, Map<Tag, Long> frames,
                         Map<ConnectionEvent, Long> notified, List<Violation> violations, long violationCount,
                         Duration elapsed) {
        public long frames(Tag t) {
            return frames.getOrDefault(t, 0L);
        }

        public long notified(ConnectionEvent e) {
            return notified.getOrDefault(e, 0L);
        }
    }

    private record Entry(World world, Trace.Step path) {}

    public static Report explore(Model model, Options o) {
        long start = System.nanoTime();
        LongSet seen = new LongSet();
        Fingerprint fp = new Fingerprint();
        World init = World.initial(model, o.faults());
        seen.add(fp.of(init));
        List<Entry> frontier = List.of(new Entry(init, null));
        Map<String, Violation> violations = new LinkedHashMap<>();
        long count = 0;
        long states = 1;
        long transitions = 0;
        long atRest = 0;
        long allDelivered = 0;
        long delivered = 0;
        int reached = 0;
        long cutOff = 0;
        Map<Tag, Long> frames = new EnumMap<>(Tag.class);
        Map<ConnectionEvent, Long> notified = new EnumMap<>(ConnectionEvent.class);
        for (int d = 0; d <= o.depth() && !frontier.isEmpty() && violations.size() < o.maxViolations(); d++) {
            List<Entry> next = new ArrayList<>();
            for (Entry e : frontier) {
                List<Transitions.Move> moves = Transitions.moves(model, e.world());
                boolean rest = moves.stream().allMatch(Transitions.Move::fault);
                if (rest) {
                    atRest++;
                    allDelivered += everyMessageArrived(model, e.world()) ? 1 : 0;
                    List<String> wrong = Liveness.check(model, e.world());
                    if (!wrong.isEmpty()) {
                        count++;
                        violations.putIfAbsent(key(wrong), new Violation(model.name(), Trace.Step.of(e.path()), wrong));
                    }
                }
                if (d == o.depth()) {
                    cutOff += rest ? 0 : 1;
                    continue; // at the bound: checked, not expanded
                }
                for (Transitions.Move m : moves) {
                    Transitions.Outcome oc = Transitions.apply(model, e.world(), m);
                    transitions++;
                    delivered += oc.delivered();
                    oc.frames().forEach(t -> frames.merge(t, 1L, Long::sum));
                    oc.notified().forEach(n -> notified.merge(n, 1L, Long::sum));
                    Trace.Step path = new Trace.Step(m.label(), e.path());
                    if (!oc.violations().isEmpty()) {
                        count++;
                        violations.putIfAbsent(key(oc.violations()), new Violation(model.name(), path.trace(),
                                oc.violations()));
                        continue;
                    }
                    if (seen.add(fp.of(oc.world()))) {
                        states++;
                        next.add(new Entry(oc.world(), path));
                    }
                }
            }
            if (!next.isEmpty()) {
                reached = d + 1;
            }
            frontier = next;
        }
        boolean complete = cutOff == 0 && frontier.isEmpty();
        return new Report(model, o, states, transitions, reached, complete, atRest, allDelivered, delivered, frames,
                notified, List.copyOf(violations.values()), count, Duration.ofNanos(System.nanoTime() - start));
    }

    /** What a replayed trace led to: the violation, if any, and a line per move. */
    public record Replay(Optional<Violation> violation, List<String> log) {}

    /**
     * Re-runs {@code trace} from the initial state of {@code model} with {@code faults} to
     * spend: the first move that breaks a rule, or liveness if the trace ends at rest.
     */
    public static Replay replay(Model model, int faults, Trace trace) {
        World w = World.initial(model, faults);
        List<String> log = new ArrayList<>();
        List<String> done = new ArrayList<>();
        for (String label : trace.labels()) {
            Optional<Transitions.Move> m = Transitions.moves(model, w).stream()
                    .filter(x -> x.label().equals(label)).findFirst();
            if (m.isEmpty()) {
                List<String> why = List.of("no move '" + label + "' after " + done.size() + " moves; there are: "
                        + Transitions.moves(model, w).stream().map(Transitions.Move::label).toList());
                return new Replay(Optional.of(new Violation(model.name(), new Trace(done), why)), log);
            }
            Transitions.Outcome oc = Transitions.apply(model, w, m.get());
            done.add(label);
            w = oc.world();
            log.add(label + "  =>  " + describe(model, w));
            if (!oc.violations().isEmpty()) {
                return new Replay(Optional.of(new Violation(model.name(), new Trace(done), oc.violations())), log);
            }
        }
        if (Liveness.quiescent(model, w)) {
            List<String> wrong = Liveness.check(model, w);
            if (!wrong.isEmpty()) {
                return new Replay(Optional.of(new Violation(model.name(), new Trace(done), wrong)), log);
            }
        }
        return new Replay(Optional.empty(), log);
    }

    /** Every connection's state, per peer: {@code osd.1@0[#1 READY #3 CLOSED]}. */
    static String describe(Model model, World w) {
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < w.nodes().size(); p++) {
            World.Node n = w.nodes().get(p);
            sb.append(p == 0 ? "" : " ").append(model.peers().get(p).name()).append('@').append(n.incarnation())
                    .append('[');
            String conns = String.join(" ", n.messenger().conns().toJavaList().stream()
                    .sorted(java.util.Comparator.comparingLong(t -> t._1))
                    .map(t -> "#" + t._1 + " " + t._2.kind()).toList());
            sb.append(conns).append(']');
        }
        return sb.toString();
    }

    private static boolean everyMessageArrived(Model model, World w) {
        for (int p = 0; p < model.peers().size(); p++) {
            Model.PeerSpec s = model.peers().get(p);
            String from = s.name() + "@" + w.nodes().get(p).incarnation();
            for (long n = 1; n <= s.sends(); n++) {
                if (!w.ledger().reached(model.peers().get(s.to()).name(), from, n)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String key(List<String> what) {
        return String.join("\n", what).replaceAll("[0-9]+", "N");
    }

    /** A set of longs, open addressing: a few bytes a state, not a boxed object. */
    static final class LongSet {
        private long[] table = new long[1 << 16];
        private boolean zero;
        private int size;

        boolean add(long v) {
            if (v == 0) {
                boolean fresh = !zero;
                zero = true;
                return fresh;
            }
            if (size * 2 >= table.length) {
                grow();
            }
            int mask = table.length - 1;
            int i = (int) Fingerprint.mix(v) & mask;
            while (table[i] != 0) {
                if (table[i] == v) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            table[i] = v;
            size++;
            return true;
        }

        private void grow() {
            long[] old = table;
            table = new long[old.length * 2];
            size = 0;
            for (long v : old) {
                if (v != 0) {
                    add(v);
                }
            }
        }
    }
}
