package io.msgr2.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI faces of the conform library on a pcap: {@code dump --pcap} and {@code conform --pcap}. */
class ConformCommandTest {
    static final Path PCAP = DumpCommandTest.VECTORS.resolve("n-pacific-reconnect-inject/capture.pcap");

    @Test
    void dumpDecodesEveryConnectionOfThePcapAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = DumpCommand.run(List.of("--pcap", PCAP.toString()), new PrintStream(out, true, StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, rc, lines.getLast());
        assertEquals("summary: 73 msgr2 connections: every frame decoded, every check passed", lines.getLast());
    }

    @Test
    void conformReplaysEverySessionOfThePcapAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = ConformCommand.run(List.of("--pcap", PCAP.toString()), new PrintStream(out, true,
                StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, rc, String.join("\n", lines));
        // every byte compared, none taken from the capture (auth none, no compression); the
        // application payloads fed are SessionConformTest's to check
        assertTrue(lines.getLast().matches("identical: 2649926 of 2649926 compared bytes in 26 sessions; taken from the "
                + "capture: 0 bytes \\(compression 0, missing keys 0\\); application payloads fed: [1-9]\\d* bytes"),
                lines.getLast());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("session osd.0 [v2:127.0.0.1:6801/2999] <-> osd.1 "
                + "[v2:127.0.0.1:6805/3360]: 48 connections, 39 reconnects, 10 retries, 10 waits: identical")),
                String.join("\n", lines));
    }

    @Test
    void anEmptyPcapExitsThree(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        Path empty = java.nio.file.Files.write(dir.resolve("empty.pcap"), new byte[0]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = DumpCommand.run(List.of("--pcap", empty.toString()), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(3, rc, out::toString);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("the capture holds no msgr2 connection"), out::toString);
    }

    @Test
    void aFileThatIsNotAPcapExitsOneWithAReason() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = DumpCommand.run(List.of("--pcap", DumpCommandTest.VECTORS.resolve(
                "pacific-a-none-crc/conn1/client-to-server.bin").toString()), new PrintStream(out, true,
                StandardCharsets.UTF_8));
        assertEquals(1, rc);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("not a readable pcap or pcapng file"), out::toString);
    }
}
