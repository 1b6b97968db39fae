package io.msgr2.conform.probe;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One deviation and the outcome a cited rule predicts for it.
 *
 * @see ServerScenarios
 */
public interface Scenario {
    /** A dotted name, e.g. {@code banner.required-unknown.rev1}. */
    String name();

    /** The rule it checks, in one sentence. */
    String rule();

    /** Where the rule comes from: the Ceph source (file and function) or the conform evidence. */
    String source();

    /** Runs it against the peer at {@code target}; never throws for anything the peer does. */
    Outcome run(InetSocketAddress target, Duration timeout);
}
