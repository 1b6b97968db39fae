package io.msgr2.examples;

import io.msgr2.testkit.explore.Explorer;
import io.msgr2.testkit.explore.Model;
import io.msgr2.testkit.explore.Trace;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code msgr2 explore [--model NAME|all] [--depth D] [--faults F] [--replay TRACE]}: explores
 * small models exhaustively (testkit's {@code io.msgr2.testkit.explore}): every interleaving
 * of deliveries, timers and faults up to a depth, each distinct state once, the per-step rules
 * at every move and liveness at every state at rest. A violation prints the trace that
 * reaches it; {@code --replay} re-runs one, move by move. See docs/explore.md.
 */
@picocli.CommandLine.Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Explore small models exhaustively (every interleaving of deliveries, timers and faults up "
                + "to a depth) and check every state.")
final class ExploreCommand implements java.util.concurrent.Callable<Integer> {
    private final Main.Io streams;

    @picocli.CommandLine.Option(names = "--model", paramLabel = "NAME", defaultValue = "all",
            description = "a model (osd-pair, client-mds, client-mon, osd-ring, osd-pair-same-nonce) or all, the "
                    + "first three (default: ${DEFAULT-VALUE})")
    String model;

    @picocli.CommandLine.Option(names = "--depth", paramLabel = "D",
            description = "how many moves deep (default: each model's)")
    Integer depth;

    @picocli.CommandLine.Option(names = "--faults", paramLabel = "F",
            description = "faults on one path: cuts, restarts, early timers (default: each model's)")
    Integer faults;

    @picocli.CommandLine.Option(names = "--replay", paramLabel = "TRACE",
            description = "re-run one trace (moves separated by ';') of --model NAME, printing every move")
    String replay;

    ExploreCommand(Main.Io io) {
        this.streams = io;
    }

    @Override
    public Integer call() {
        PrintStream out = streams.out();
        if (depth != null && depth < 0 || faults != null && faults < 0) {
            throw new UsageException("--depth and --faults take numbers >= 0");
        }
        List<Model> models = model.equals("all") ? Model.defaults()
                : List.of(Model.named(model).orElseThrow(() -> new UsageException("--model takes one of "
                        + Model.all().stream().map(Model::name).toList() + " or all, not " + model)));
        if (replay != null) {
            if (models.size() != 1) {
                throw new UsageException("--replay needs --model NAME");
            }
            Model m = models.get(0);
            Explorer.Replay r = Explorer.replay(m, faults == null ? m.defaultFaults() : faults, Trace.parse(replay));
            r.log().forEach(l -> out.println("  " + l));
            r.violation().ifPresentOrElse(v -> out.println("VIOLATION: " + String.join("; ", v.what())),
                    () -> out.println("no violation"));
            return r.violation().isEmpty() ? 0 : 1;
        }
        long violations = 0;
        for (Model m : models) {
            Explorer.Options o = new Explorer.Options(depth == null ? m.defaultDepth() : depth,
                    faults == null ? m.defaultFaults() : faults, 5);
            Explorer.Report r = Explorer.explore(m, o);
            out.printf("%s (%s)%n", m.name(), m.description());
            out.printf("  depth %d, faults %d: %,d distinct states, %,d transitions, depth reached %d (%s), "
                            + "%,d states at rest checked, %.1f s%n", o.depth(), o.faults(), r.states(), r.transitions(),
                    r.depthReached(), r.complete() ? "complete: nothing left to explore" : "bounded by the depth",
                    r.atRest(), r.elapsed().toMillis() / 1000.0);
            out.printf("  decisions: %,d WAIT, %,d SESSION_RETRY, %,d SESSION_RETRY_GLOBAL, %,d SESSION_RESET, "
                            + "%,d SESSION_RECONNECT_OK; notifications %s%n", r.frames(io.msgr2.spec.frame.Tag.WAIT),
                    r.frames(io.msgr2.spec.frame.Tag.SESSION_RETRY), r.frames(io.msgr2.spec.frame.Tag.SESSION_RETRY_GLOBAL),
                    r.frames(io.msgr2.spec.frame.Tag.SESSION_RESET),
                    r.frames(io.msgr2.spec.frame.Tag.SESSION_RECONNECT_OK), r.notified());
            out.printf("  violations: %d%n", r.violationCount());
            for (Explorer.Violation v : r.violations()) {
                v.what().forEach(w -> out.println("  VIOLATION: " + w));
                out.println("    replay: ./msgr2 explore --model " + m.name() + " --faults " + o.faults()
                        + " --replay '" + v.trace().text() + "'");
            }
            violations += r.violationCount();
        }
        return violations == 0 ? 0 : 1;
    }
}
