package io.msgr2.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pure modules stay pure: no class in spec or codec may touch sockets, clocks,
 * randomness or threads. Time and random values reach them as inputs. (The codec sits
 * beside the spec, so the same rule is checked there.)
 */
class PurityTest {
    static final Pattern FORBIDDEN = Pattern.compile(String.join("|",
            "import java\\.net\\.", "java\\.net\\.(Socket|ServerSocket|InetAddress|URL)",
            "import java\\.nio\\.channels", "System\\.(currentTimeMillis|nanoTime)", "Instant\\.now",
            "LocalDateTime\\.now", "Clock\\.system", "new (Secure)?Random\\b", "SecureRandom", "ThreadLocalRandom",
            "Math\\.random", "UUID\\.randomUUID", "new Thread\\b", "Thread\\.(sleep|ofVirtual|ofPlatform|startVirtualThread)",
            "Executors\\.", "import java\\.util\\.concurrent\\.", "synchronized", "\\.wait\\(", "\\.notify"));

    @ParameterizedTest
    @ValueSource(strings = {"spec", "codec"})
    void noSocketsClocksRandomnessOrThreads(String module) throws IOException {
        Path src = Path.of("..", module, "src", "main", "java");
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).trim();
                    boolean comment = code.startsWith("*") || code.startsWith("//") || code.startsWith("/*");
                    if (!comment && FORBIDDEN.matcher(code).find()) {
                        hits.add(f + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertEquals(List.of(), hits);
    }
}
