package io.msgr2.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 10,000 concurrent Java-Java connections on 127.0.0.1 (clients and server in two processes),
 * on each transport: all READY, one PING round trip on each; then 5,000 short connections,
 * after which the server's messenger holds no transport or handle and at most its history of
 * closed records. The heap figures are printed, not asserted (they are benchmark figures),
 * except for generous bounds against regressions.
 */
class ConnectionsBenchTest {
    @ParameterizedTest(name = "{0} transport")
    @ValueSource(strings = {"netty", "blocking"})
    void tenThousandConcurrentThenShortConnections(String transport) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = ConnectionsBench.run(List.of("--count", "10000", "--short", "5000", "--transport", transport),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertEquals(0, rc, text);
        assertTrue(text.contains("READY: 10000 of 10000 (0 failed)"), text);
        assertTrue(text.contains("10000 of 10000 answered"), text);
        Matcher m = Pattern.compile("server side ([\\d.]+) KiB").matcher(text);
        assertTrue(m.find(), text);
        assertTrue(Double.parseDouble(m.group(1)) < 256, "heap per connection far above the 16 KiB goal: " + text);
        Matcher held = Pattern.compile("holds (\\d+) closed records, 0 transports, 0 handles, 0 timers").matcher(text);
        assertTrue(held.find(), text);
        assertTrue(Integer.parseInt(held.group(1)) <= 64, text);
        Matcher heap = Pattern.compile("now \\(([+-][\\d.]+) MB\\)").matcher(text);
        assertTrue(heap.find(), text);
        assertTrue(Double.parseDouble(heap.group(1)) < 32, "the server's heap grew far beyond the 2 MB goal: " + text);
    }
}
