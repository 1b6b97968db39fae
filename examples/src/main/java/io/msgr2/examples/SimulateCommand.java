package io.msgr2.examples;

import io.msgr2.testkit.Chaos;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code msgr2 simulate --seeds N [--first-seed S]}: runs N seeded fault schedules in the
 * deterministic simulator (testkit) and checks the session invariants after every step. A
 * violation prints its seed and the step-by-step trace that reproduces it.
 */
@picocli.CommandLine.Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run N seeded fault schedules in the deterministic simulator and check every invariant.")
final class SimulateCommand implements java.util.concurrent.Callable<Integer> {
    private final Main.Io streams;

    @picocli.CommandLine.Option(names = "--seeds", paramLabel = "N", defaultValue = "1000",
            description = "how many schedules (default: ${DEFAULT-VALUE})")
    long seedCount;

    @picocli.CommandLine.Option(names = "--first-seed", paramLabel = "S", defaultValue = "0",
            description = "the first seed (default: ${DEFAULT-VALUE})")
    long firstSeed;

    SimulateCommand(Main.Io io) {
        this.streams = io;
    }

    @Override
    public Integer call() {
        PrintStream out = streams.out();
        if (seedCount < 0 || firstSeed < 0) {
            throw new UsageException("--seeds and --first-seed take numbers >= 0");
        }
        long seeds = seedCount;
        long first = firstSeed;
        long cuts = 0;
        long restarts = 0;
        long connects = 0;
        long delivered = 0;
        long resets = 0;
        long violations = 0;
        long duplicates = 0;
        long replays = 0;
        java.util.Map<io.msgr2.testkit.Liveness.Fate, Long> fates =
                new java.util.EnumMap<>(io.msgr2.testkit.Liveness.Fate.class);
        for (long seed = first; seed < first + seeds; seed++) {
            Chaos.Report r = Chaos.run(seed, Chaos.Options.DEFAULT);
            cuts += r.cuts();
            restarts += r.restarts();
            connects += r.connects();
            delivered += r.delivered();
            resets += r.resets();
            duplicates += r.duplicates();
            replays += r.replays();
            r.fates().forEach((f, n) -> fates.merge(f, n, Long::sum));
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
        out.println("sends: " + fates.values().stream().mapToLong(Long::longValue).sum() + " " + fates
                + " (every lossless send judged: delivered once, or its session's loss notified, or the connection"
                + " marked down, or the sender restarted)");
        out.println("injected on crc connections: " + duplicates + " duplicate and " + replays
                + " replayed MESSAGE frames");
        out.println("violations: " + violations);
        return violations == 0 ? 0 : 1;
    }
}
