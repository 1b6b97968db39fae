package io.msgr2.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * Seeded fault schedules (cuts, latency, restarts, both sides dialling) with every invariant
 * checked; a failing seed prints its trace. {@code -Dmsgr2.sim.seeds=N} runs more,
 * {@code ./msgr2 simulate --seeds N} runs them outside the build.
 */
class ChaosTest {
    static final int SEEDS = Integer.getInteger("msgr2.sim.seeds", 300);

    @Test
    void noViolationsAcrossSeededFaultSchedules() {
        long faults = 0;
        long reconnects = 0;
        java.util.Map<io.msgr2.spec.frame.Tag, Long> frames = new java.util.TreeMap<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            Chaos.Report r = Chaos.run(seed, Chaos.Options.DEFAULT);
            faults += r.faults();
            reconnects += r.connects();
            r.frames().forEach((t, n) -> frames.merge(t, n, Long::sum));
            if (!r.violations().isEmpty()) {
                Chaos.Report traced = Chaos.run(seed, Chaos.Options.DEFAULT.withTrace(true));
                fail("seed " + seed + " (" + r.topology() + "): " + String.join("\n", r.violations())
                        + "\ntrace:\n" + String.join("\n", traced.trace()));
            }
        }
        System.out.println(SEEDS + " schedules, " + faults + " faults, " + reconnects + " connects; frames " + frames);
    }
}
