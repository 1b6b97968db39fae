package io.msgr2.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code msgr2 explore}: the default models at their defaults (about a minute: this is where CI
 * runs the command) print their figures and no violation; a replay prints every move and its
 * verdict.
 */
class ExploreCommandTest {
    private record Ran(int rc, String out) {}

    private static Ran run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Main.run("explore", List.of(argv), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
        return new Ran(rc, out.toString(StandardCharsets.UTF_8));
    }

    /** What {@code ./msgr2 explore} runs with no option: the three documented default models at their defaults. */
    @Test
    void theDefaultModelsFindNoViolation() {
        Ran r = run();
        System.out.print(r.out());
        assertEquals(0, r.rc(), r.out());
        for (String model : List.of("osd-pair", "client-mds", "client-mon")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(model + " (")), model + " ran:\n" + r.out());
        }
        assertEquals(3, r.out().lines().filter(l -> l.contains(" distinct states, ")).count(), r.out());
        assertEquals(3, r.out().lines().filter(l -> l.strip().equals("violations: 0")).count(), r.out());
        assertTrue(r.out().contains("complete: nothing left to explore"), r.out());
    }

    @Test
    void aReplayPrintsEveryMoveAndAMissingMoveIsAViolation() {
        Ran ok = run("--model", "client-mon", "--faults", "0", "--replay",
                "send client.8->mon.a #1; accept client.8/t2; deliver client.8/t2 < CONNECTED");
        assertEquals(0, ok.rc(), ok.out());
        assertEquals(4, ok.out().lines().count(), ok.out());
        assertTrue(ok.out().strip().endsWith("no violation"), ok.out());
        Ran bad = run("--model", "client-mon", "--replay", "send client.8->mon.a #1; deliver client.8/t2 > HELLO");
        assertEquals(1, bad.rc(), bad.out());
        assertTrue(bad.out().contains("VIOLATION: no move 'deliver client.8/t2 > HELLO' after 1 moves"), bad.out());
    }

    @Test
    void replayNeedsOneModel() {
        assertEquals(2, run("--replay", "send client.8->mon.a #1").rc());
    }
}
