package io.msgr2.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench parallel --floor} adds, for each mode, bare Netty's figure, the one with our per-message work,
 * the raw pairs' own with that work, and crc's CRC32Cs computed in place. */
class ParallelFloorTest {
    @Test
    void printsTheFloorUnderEachMode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Main.run(List.of("bench", "parallel", "--connections", "2", "--seconds", "0.3", "--floor",
                "--transport", "netty"),
                new Main.Io(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream())));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, text);
        int floor = text.indexOf("Under the protocol");
        assertTrue(floor > 0, text);
        for (String mode : List.of("crc", "secure")) {
            assertTrue(text.substring(floor).lines()
                    .anyMatch(l -> l.startsWith(mode) && l.matches("\\S+(\\s+\\d+\\s+\\d+\\.\\d\\d){3}")),
                    mode + " floor row in:\n" + text);
        }
        assertTrue(text.substring(floor).lines().anyMatch(l -> l.startsWith("crc, its CRC32Cs computed in Netty's own buffers")
                && l.matches(".*: \\d+ msgs/s, \\d+\\.\\d\\d")), "the in-place crc line in:\n" + text);
    }
}
