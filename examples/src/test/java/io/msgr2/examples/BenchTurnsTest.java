package io.msgr2.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench} with both modes: every cell in the table, mode-major as before, the secure / crc
 * line with a ratio per size, and the smallest one-way ratio for 64 KiB and more as the last line.
 */
class BenchTurnsTest {
    @Test
    void bothModesTakeTurnsAndTheirRatioIsPrinted() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Main.run(List.of("bench", "--quick", "--sizes", "4096,65536", "--seconds", "0.1", "--rounds", "2",
                "--transport", "netty"),
                new Main.Io(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream())));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, text);
        List<String> rows = text.lines().filter(l -> l.matches("(one-way|ping-pong)\\s+(crc|secure)\\s+.*")).toList();
        assertEquals(8, rows.size(), text);
        assertTrue(rows.get(0).matches("one-way\\s+crc\\s+4 KiB.*") && rows.get(7).matches("ping-pong\\s+secure\\s+64 KiB.*"),
                text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("secure / crc") && l.matches(".* 4 KiB \\d+\\.\\d\\d 64 KiB \\d+\\.\\d\\d")),
                text);
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(lines.size() - 1).matches("\\d+\\.\\d\\d"), text);
    }
}
