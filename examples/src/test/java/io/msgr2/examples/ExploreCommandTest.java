package io.msgr2.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code msgr2 explore}: a small exploration prints its figures; a replay prints every move and its verdict. */
class ExploreCommandTest {
    private record Ran(int rc, String out) {}

    private static Ran run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Main.run("explore", List.of(argv), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
        return new Ran(rc, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSmallExplorationPrintsItsFigures() {
        Ran r = run("--model", "client-mon", "--depth", "40", "--faults", "0");
        assertEquals(0, r.rc(), r.out());
        assertTrue(r.out().contains("distinct states") && r.out().contains("complete: nothing left to explore")
                && r.out().contains("violations: 0"), r.out());
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
