package io.msgr2.conform.probe;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Runs scenarios against a target and reports, one line each, plus a JUnit XML form. */
public final class Probe {
    private Probe() {}

    /** One scenario's result. */
    public record Result(Scenario scenario, Outcome outcome, long millis) {
        public String line() {
            Outcome o = outcome;
            return String.format("%-4s %s: %s [%s]%s", o.verdict(), scenario.name(), scenario.rule(), scenario.source(),
                    switch (o.verdict()) {
                        case PASS -> scenario.rule().startsWith("informational") ? " (" + o.observed() + ")" : "";
                        case SKIP -> " (" + o.observed() + ")";
                        case FAIL -> "\n     expected: " + o.expected() + "\n     observed: " + o.observed();
                    });
        }
    }

    /** Every result and the last line. */
    public record Report(List<Result> results) {
        public long count(Verdict v) {
            return results.stream().filter(r -> r.outcome().verdict() == v).count();
        }

        public String summary() {
            return count(Verdict.PASS) + " passed, " + count(Verdict.FAIL) + " failed, " + count(Verdict.SKIP)
                    + " skipped";
        }

        public boolean ok() {
            return count(Verdict.FAIL) == 0;
        }

        /** JUnit XML, one testcase per scenario. */
        public String junitXml(String suite) {
            StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            sb.append(String.format("<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" skipped=\"%d\">%n", esc(suite),
                    results.size(), count(Verdict.FAIL), count(Verdict.SKIP)));
            for (Result r : results) {
                sb.append(String.format("  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\">", esc(suite),
                        esc(r.scenario().name()), r.millis() / 1000.0));
                switch (r.outcome().verdict()) {
                    case FAIL -> sb.append(String.format("<failure message=\"%s\">expected: %s%nobserved: %s</failure>",
                            esc(r.scenario().rule()), esc(r.outcome().expected()), esc(r.outcome().observed())));
                    case SKIP -> sb.append(String.format("<skipped message=\"%s\"/>", esc(r.outcome().observed())));
                    case PASS -> { }
                }
                sb.append("</testcase>\n");
            }
            return sb.append("</testsuite>\n").toString();
        }

        private static String esc(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }

    /** How many scenarios run at once: each is its own TCP connection, and some wait on timers. */
    public static final int PARALLEL = 8;

    /**
     * Runs the scenarios whose names match {@code only} (all when empty), {@link #PARALLEL} at
     * a time, each on its own connection; the results come in the scenarios' order.
     */
    public static Report run(List<Scenario> scenarios, InetSocketAddress target, Duration timeout, String only) {
        return run(scenarios, target, timeout, only, PARALLEL);
    }

    /** The same, {@code parallel} at a time (client scenarios start a process each: fewer at once). */
    public static Report run(List<Scenario> scenarios, InetSocketAddress target, Duration timeout, String only,
                             int parallel) {
        Pattern p = Pattern.compile(only == null || only.isEmpty() ? ".*" : ".*(" + only + ").*");
        List<Scenario> chosen = scenarios.stream().filter(s -> p.matcher(s.name()).matches()).toList();
        List<Result> out = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, chosen.size())),
                Thread.ofPlatform().daemon().name("probe-", 0).factory())) {
            List<java.util.concurrent.Future<Result>> running = chosen.stream()
                    .map(s -> pool.submit(() -> runOne(s, target, timeout))).toList();
            for (int i = 0; i < running.size(); i++) {
                try {
                    out.add(running.get(i).get());
                } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
                    out.add(new Result(chosen.get(i), Outcome.fail("the scenario to run", "the probe itself failed: "
                            + e), 0));
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        return new Report(out);
    }

    private static Result runOne(Scenario s, InetSocketAddress target, Duration timeout) {
        long t0 = System.nanoTime();
        Outcome o;
        try {
            o = s.run(target, timeout);
        } catch (RuntimeException e) {
            o = Outcome.fail("the scenario to run", "the probe itself failed: " + e);
        }
        return new Result(s, o, (System.nanoTime() - t0) / 1_000_000);
    }
}
