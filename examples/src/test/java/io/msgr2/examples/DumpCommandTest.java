package io.msgr2.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code msgr2 dump} on the bundled captures lists every frame with its tag and exits 0. */
class DumpCommandTest {
    static final Path VECTORS = Path.of("..", "vectors");

    static Stream<String> connections() {
        return Stream.of("pacific-a-none-crc/conn1", "pacific-a-none-crc/conn2", "pacific-b-cephx-crc/conn1",
                "pacific-b-cephx-crc/conn2");
    }

    @ParameterizedTest
    @MethodSource("connections")
    void listsEveryFrameAndExitsZero(String conn) throws IOException {
        Path dir = VECTORS.resolve(conn);
        List<String> lines = dump(dir);
        String annotated = Files.readString(dir.getParent().resolve("annotated.txt"));
        int n = Integer.parseInt(dir.getFileName().toString().substring(4));
        String section = annotated.split("(?m)^connection ")[n];
        String[] halves = section.split("--- SERVER -> CLIENT ---");
        assertEquals(tags(halves[0]), tags(lines, "C>S"));
        assertEquals(tags(halves[1]), tags(lines, "S>C"));
        assertTrue(lines.getLast().startsWith("summary: every frame decoded"));
    }

    @Test
    void secureConversationWithoutKeysReportsTheEncryptedBytesAndExitsThree() throws IOException {
        Path dir = VECTORS.resolve("pacific-f-cephx-osd-secure/mon");
        List<String> lines = dumpExpecting(3, dir.resolve("client-to-server.bin"), dir.resolve("server-to-client.bin"));
        assertTrue(lines.getLast().contains("part stayed opaque"), lines.getLast());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("C>S ENCRYPTED 880 bytes")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("S>C ENCRYPTED 3616 bytes")), String.join("\n", lines));
    }

    @Test
    void aDamagedCrcIsReportedOnTheFramesLineAndExitsNonZero() throws IOException {
        Path dir = VECTORS.resolve("pacific-a-none-crc/conn1");
        byte[] c2s = Files.readAllBytes(dir.resolve("client-to-server.bin"));
        c2s[0x3a + 10] ^= 1; // inside HELLO's payload
        Path tmp = Files.createTempFile("c2s", ".bin");
        Files.write(tmp, c2s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = DumpCommand.run(List.of("--client-to-server", tmp.toString(), "--server-to-client",
                dir.resolve("server-to-client.bin").toString()), new PrintStream(out, true, StandardCharsets.UTF_8));
        Files.delete(tmp);
        assertEquals(1, rc);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("C>S HELLO ERROR SEGMENT_CRC_MISMATCH"), out::toString);
    }

    static final String KEY = "AQB4OwZrfXF/CRAAG225U7LQq2CSKk+8XT48Cg==";

    @Test
    void withTheClientsKeyASecureMonSessionDecryptsAndVerifies() {
        Path dir = VECTORS.resolve("pacific-f-cephx-osd-secure/mon");
        List<String> lines = dump(dir, "--key", KEY);
        assertTrue(lines.contains("KEYS connection secret 90e4f856fbe0a5860f2a82c9ce06816e7031d4764d1afded08fa26c04dc76"
                + "0a2d7006bbb5ce395332dc91492cd0e6aa8a070884640c46dfa9c9c81727cc020d0"), String.join("\n", lines));
        assertEquals(2, lines.stream().filter(l -> l.contains("AUTH_SIGNATURE") && l.endsWith("gcm ok, signature ok")).count());
        assertEquals(2, lines.stream().filter(l -> l.contains(" SECURE from here")).count());
        // every frame after the switch is decrypted with its tag verified: 6 from the client, 7 from the server
        assertEquals(13, lines.stream().filter(l -> l.contains(" gcm ok")).count(), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("S>C MESSAGE") && l.contains("CEPH_MSG_OSD_MAP")));
        assertTrue(lines.getLast().contains("every GCM tag and both AUTH_SIGNATUREs verified"));
    }

    @Test
    void anOsdSessionDecryptsWithTheTicketFromTheMonSessionOrAGivenSessionKey() {
        Path osd = VECTORS.resolve("pacific-f-cephx-osd-secure/osd");
        Path mon = VECTORS.resolve("pacific-f-cephx-osd-secure/mon");
        List<String> viaMon = dump(osd, "--key", KEY, "--mon-client-to-server", mon.resolve("client-to-server.bin").toString(),
                "--mon-server-to-client", mon.resolve("server-to-client.bin").toString());
        List<String> viaKey = dump(osd, "--session-key", "ee90b9ab36f49316db99d37e7949a4f6");
        assertEquals(viaMon, viaKey);
        assertTrue(viaKey.stream().anyMatch(l -> l.startsWith("C>S MESSAGE") && l.contains("CEPH_MSG_OSD_OP")
                && l.endsWith("gcm ok")), String.join("\n", viaKey));
        assertTrue(viaKey.contains("KEYS authorizer reply nonce+1 ok"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({
        "h-tentacle-aes256k-secure/conn1, AgCb8gZrxw3YGSAAs/JO6MkxryhJodutbMeCh/UR+wGjldGyzYrFUU6cfK8=",
        "h-tentacle-aes256k-secure/conn2, AgCb8gZrxw3YGSAAs/JO6MkxryhJodutbMeCh/UR+wGjldGyzYrFUU6cfK8=",
        "g-tentacle-aes256k-crc/conn2, AgCb8gZrxw3YGSAAs/JO6MkxryhJodutbMeCh/UR+wGjldGyzYrFUU6cfK8=",
        "j-tentacle-legacy-aes-crc/conn1, AQB4OwZrfXF/CRAAG225U7LQq2CSKk+8XT48Cg==",
    })
    void tentacleSessionsDecryptAndVerifyWithTheirKey(String conn, String key) {
        List<String> lines = dump(VECTORS.resolve(conn), "--key", key);
        assertEquals(2, lines.stream().filter(l -> l.contains("AUTH_SIGNATURE") && l.endsWith("signature ok")).count(),
                String.join("\n", lines));
        assertTrue(lines.getLast().contains("verified"), lines.getLast());
    }

    @Test
    void aCrcSessionsSignaturesAreChecked() {
        List<String> lines = dump(VECTORS.resolve("pacific-b-cephx-crc/conn1"), "--key", KEY);
        assertEquals(2, lines.stream().filter(l -> l.contains("AUTH_SIGNATURE") && l.endsWith(", signature ok")).count());
    }

    @Test
    void aWrongKeyIsReportedAndExitsNonZero() {
        Path dir = VECTORS.resolve("pacific-f-cephx-osd-secure/mon");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = DumpCommand.run(List.of("--client-to-server", dir.resolve("client-to-server.bin").toString(),
                "--server-to-client", dir.resolve("server-to-client.bin").toString(), "--key",
                "AQDSOwZr1lyWERAA1BhKh5UbupWcLqu0jGdFWw=="), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(1, rc);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("KEYS cannot be recovered: ticket 0: bad magic"), out::toString);
    }

    @Test
    void swappedDirectionFilesAreNamedAndExitOne() {
        Path dir = VECTORS.resolve("pacific-b-cephx-crc/conn1");
        List<String> lines = dumpExpecting(1, dir.resolve("server-to-client.bin"), dir.resolve("client-to-server.bin"));
        assertTrue(lines.getLast().contains("look swapped"), String.join("\n", lines));
    }

    @Test
    void emptyInputExitsThree(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.write(dir.resolve("a"), new byte[0]);
        Files.write(dir.resolve("b"), new byte[0]);
        List<String> lines = dumpExpecting(3, dir.resolve("a"), dir.resolve("b"));
        assertTrue(lines.getLast().contains("empty"), lines.getLast());
    }

    @Test
    void bytesThatAreNotMsgr2ExitOne(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a"), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Files.writeString(dir.resolve("b"), "HTTP/1.1 200 OK\r\n\r\n");
        dumpExpecting(1, dir.resolve("a"), dir.resolve("b"));
    }

    @Test
    void aStreamCutInsideAFrameExitsThree(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path src = VECTORS.resolve("pacific-a-none-crc/conn1");
        byte[] c2s = Files.readAllBytes(src.resolve("client-to-server.bin"));
        Files.write(dir.resolve("a"), java.util.Arrays.copyOf(c2s, c2s.length - 5));
        List<String> lines = dumpExpecting(3, dir.resolve("a"), src.resolve("server-to-client.bin"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("C>S INCOMPLETE")), String.join("\n", lines));
        assertTrue(lines.getLast().contains("cut inside a frame"), lines.getLast());
    }

    static List<String> dumpExpecting(int code, Path c2s, Path s2c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = DumpCommand.run(List.of("--client-to-server", c2s.toString(), "--server-to-client", s2c.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(code, rc, out::toString);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    static List<String> dump(Path dir, String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--client-to-server", dir.resolve("client-to-server.bin").toString(),
                "--server-to-client", dir.resolve("server-to-client.bin").toString()));
        args.addAll(List.of(extra));
        int rc = DumpCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, out::toString);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    static List<String> dump(Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = DumpCommand.run(List.of("--client-to-server", dir.resolve("client-to-server.bin").toString(),
                "--server-to-client", dir.resolve("server-to-client.bin").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, out::toString);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static List<String> tags(String annotatedHalf) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s+@0x[0-9a-f]+ frame ([A-Z0-9_]+):").matcher(annotatedHalf);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<String> tags(List<String> lines, String dir) {
        return lines.stream().filter(l -> l.startsWith(dir + " ") && !l.startsWith(dir + " BANNER"))
                .map(l -> l.split(" ")[1]).toList();
    }
}
