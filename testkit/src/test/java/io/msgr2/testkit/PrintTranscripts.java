package io.msgr2.testkit;

import io.msgr2.spec.wire.EntityType;

/** Prints a scenario's transcript (used while writing GoldenTranscriptTest). */
final class PrintTranscripts {
    public static void main(String[] a) {
        Sim sim = new Sim(1);
        var mon = Scenarios.mon(sim);
        var cli = Scenarios.client(sim);
        Scenarios.dial(sim, cli, mon, EntityType.MON);
        sim.runUntil(100, 10_000);
        Scenarios.transcript(sim).forEach(System.out::println);
    }
}
