package io.msgr2.examples;

import io.msgr2.testkit.Chaos;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code msgr2 simulate --seeds N [--first-seed S]}: runs N seeded fault schedules in the
 * deterministic simulator (testkit) and checks the session invariants after every step. A
 * violation prints its seed and the step-by-step trace that reproduces it.
 */
final class SimulateCommand {
    private SimulateCommand() {}

    static int run(List<String> argv, PrintStream out) {
        Args args = new Args(argv, Set.of("seeds", "first-seed"), Set.of());
        long seeds = parse(args.get("seeds").orElse("1000"), "seeds");
        long first = parse(args.get("first-seed").orElse("0"), "first-seed");
        long cuts = 0;
        long restarts = 0;
        long connects = 0;
        long delivered = 0;
        long resets = 0;
        long violations = 0;
        for (long seed = first; seed < first + seeds; seed++) {
            Chaos.Report r = Chaos.run(seed, Chaos.Options.DEFAULT);
            cuts += r.cuts();
            restarts += r.restarts();
            connects += r.connects();
            delivered += r.delivered();
            resets += r.resets();
            if (!r.violations().isEmpty()) {
                violations += r.violations().size();
                out.println("VIOLATION in seed " + seed + " (" + r.topology() + "):");
                r.violations().forEach(v -> out.println("  " + v));
                out.println("trace of seed " + seed + " (rerun: msgr2 simulate --seeds 1 --first-seed " + seed + "):");
                Chaos.run(seed, Chaos.Options.DEFAULT.withTrace(true)).trace().forEach(l -> out.println("  " + l));
            }
            if ((seed - first + 1) % 1000 == 0) {
                System.err.println("... " + (seed - first + 1) + " schedules");
            }
        }
        out.println("schedules: " + seeds + " (seeds " + first + ".." + (first + seeds - 1) + ")");
        out.println("faults: " + (cuts + restarts) + " (" + cuts + " connection cuts, " + restarts + " peer restarts)");
        out.println("reconnects: " + Math.max(0, connects - seeds) + " (TCP connections opened: " + connects + ")");
        out.println("session resets: " + resets);
        out.println("delivered messages: " + delivered);
        out.println("violations: " + violations);
        return violations == 0 ? 0 : 1;
    }

    private static long parse(String v, String name) {
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Args.UsageException("--" + name + " takes a number >= 0, not '" + v + "'");
        }
    }
}
