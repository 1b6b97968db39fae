package io.msgr2.conform.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.wire.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real capture: two Pacific OSDs on loopback with socket failures injected, so connections
 * are cut and re-established many times. The stream files next to it were cut out of the
 * same capture independently; ours must match them byte for byte.
 */
class RealCaptureTest {
    static final Path VECTOR = Path.of("..", "vectors", "n-pacific-reconnect-inject");
    static final Pattern LINE = Pattern.compile(
            "conn(\\d+) client port (\\d+) -> server port (\\d+): (\\d+) bytes c->s, (\\d+) bytes s->c");

    @Test
    void everyConnectionMatchesItsStreamFiles() throws IOException {
        PcapFile file = PcapFile.read(VECTOR.resolve("capture.pcap")).get();
        assertEquals(PcapFile.Format.PCAP, file.format());
        TcpCapture capture = TcpReassembly.of(file);
        List<String> expected = Files.readAllLines(VECTOR.resolve("connections.txt")).stream()
                .filter(l -> !l.isBlank()).toList();
        assertEquals(73, expected.size());
        assertEquals(expected.size(), capture.connections().size(),
                () -> capture.connections().stream().map(TcpConnection::name).toList().toString());
        for (int i = 0; i < expected.size(); i++) {
            Matcher m = LINE.matcher(expected.get(i));
            assertTrue(m.matches(), expected.get(i));
            TcpConnection c = capture.connections().get(i);
            String what = expected.get(i) + " vs " + c;
            assertEquals(Integer.parseInt(m.group(2)), c.client().port(), what);
            assertEquals(Integer.parseInt(m.group(3)), c.server().port(), what);
            Path dir = VECTOR.resolve("conn" + m.group(1));
            assertEquals(Bytes.wrap(Files.readAllBytes(dir.resolve("client-to-server.bin"))), c.clientToServer().bytes(), what);
            assertEquals(Bytes.wrap(Files.readAllBytes(dir.resolve("server-to-client.bin"))), c.serverToClient().bytes(), what);
            assertEquals(Long.parseLong(m.group(4)), c.clientToServer().bytes().length(), what);
            assertEquals(Long.parseLong(m.group(5)), c.serverToClient().bytes().length(), what);
        }
        if (Boolean.getBoolean("msgr2.pcap.verbose")) {
            capture.warnings().forEach(w -> System.out.println("warning: " + w));
            capture.connections().forEach(c -> System.out.println(c + " syn=" + c.synSeen()
                    + " retransmitted=" + c.clientToServer().retransmittedBytes() + "/" + c.serverToClient().retransmittedBytes()
                    + " gaps=" + c.clientToServer().gaps() + "/" + c.serverToClient().gaps()));
        }
    }
}
