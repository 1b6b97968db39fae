package io.msgr2.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 10,000 concurrent Java-Java connections on 127.0.0.1 (virtual threads, clients and server
 * in two processes): all READY, one PING round trip on each. The heap figure is printed, not
 * asserted (it is a benchmark figure), except for a generous bound against regressions.
 */
class ConnectionsBenchTest {
    @Test
    void tenThousandConcurrentConnections() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = ConnectionsBench.run(List.of("--count", "10000"), new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertEquals(0, rc, text);
        assertTrue(text.contains("READY: 10000 of 10000 (0 failed)"), text);
        assertTrue(text.contains("10000 of 10000 answered"), text);
        Matcher m = Pattern.compile("server side ([\\d.]+) KiB").matcher(text);
        assertTrue(m.find(), text);
        assertTrue(Double.parseDouble(m.group(1)) < 256, "heap per connection far above the 64 KiB goal: " + text);
    }
}
