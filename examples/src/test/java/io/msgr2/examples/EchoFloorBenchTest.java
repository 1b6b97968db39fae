package io.msgr2.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench echo-floor} runs its four ping-pongs on 127.0.0.1 and prints a p50 and a ratio for each. */
class EchoFloorBenchTest {
    @Test
    void printsTheFourFloorsAndOurs() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Main.run(List.of("bench", "echo-floor", "--seconds", "0.2", "--rounds", "1"),
                new Main.Io(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream())));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, text);
        for (String row : List.of("raw sockets", "Netty echo ", "Netty echo + copies + CRC32C", "msgr2-java (crc, Netty)")) {
            assertTrue(text.lines().anyMatch(l -> l.startsWith(row) && l.matches(".*\\d+\\.\\d\\s+\\d+\\.\\d\\d$")),
                    row + " in:\n" + text);
        }
    }
}
