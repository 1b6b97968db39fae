package io.msgr2.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code msgr2 dump} on every connection of the shared compressed captures (Tentacle OSDs
 * compressing with zstd, zlib, lz4, snappy, mixed preference lists, a 4096-byte minimum, and
 * a Pacific client that never runs the exchange): exit 0, the same tags as Ceph sent in the
 * same order, compressed exactly where Ceph compressed, every compressed segment decompressed
 * and CRC-checked.
 */
class CompressedDumpTest {
    static final Path VECTORS = Path.of("..", "vectors");

    static Stream<String> connections() throws IOException {
        List<String> out = new ArrayList<>();
        for (String cap : List.of("k-tentacle-compress-zstd", "l-tentacle-compress-pacific-client")) {
            try (Stream<Path> s = Files.walk(VECTORS.resolve(cap))) {
                s.filter(p -> p.getFileName().toString().equals("client-to-server.bin"))
                        .forEach(p -> out.add(VECTORS.relativize(p.getParent()).toString()));
            }
        }
        return out.stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connections")
    void decodesLikeCephSentIt(String conn) throws IOException {
        Path dir = VECTORS.resolve(conn);
        List<String> lines = DumpCommandTest.dump(dir);
        String verify = Files.readString(dir.getParent().resolve("verify.txt"));
        String name = dir.getFileName().toString();
        int at = verify.indexOf("\n" + name + ": ");
        assertTrue(at >= 0, "no " + name + " in verify.txt");
        String section = verify.substring(at, verify.indexOf("\n====", at + 1) < 0 ? verify.length()
                : verify.indexOf("\n====", at + 1));
        assertEquals(expected(section, "C->S"), actual(lines, "C>S"), conn + " C>S");
        assertEquals(expected(section, "S->C"), actual(lines, "S>C"), conn + " S>C");
        assertTrue(lines.getLast().startsWith("summary: every frame decoded"), lines.getLast());
    }

    /** Ceph's frames per the reference decoder: "MESSAGE*x19" is nineteen compressed MESSAGEs. */
    static List<String> expected(String section, String dir) {
        Matcher m = Pattern.compile(dir + " frames \\([^)]*\\): (.*)").matcher(section);
        assertTrue(m.find(), section);
        List<String> out = new ArrayList<>();
        for (String tok : m.group(1).trim().split("\\s+")) {
            Matcher t = Pattern.compile("([A-Z0-9_]+)(\\*?)(?:x(\\d+))?").matcher(tok);
            assertTrue(t.matches(), tok);
            int n = t.group(3) == null ? 1 : Integer.parseInt(t.group(3));
            for (int i = 0; i < n; i++) {
                out.add(t.group(1) + t.group(2));
            }
        }
        return out;
    }

    static List<String> actual(List<String> lines, String dir) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            Matcher m = Pattern.compile(dir + " ([A-Z0-9_]+) \\[").matcher(l);
            if (m.lookingAt()) {
                out.add(m.group(1) + (l.contains(" compressed=") ? "*" : ""));
            }
        }
        return out;
    }
}
