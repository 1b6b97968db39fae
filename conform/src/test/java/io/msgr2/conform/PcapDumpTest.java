package io.msgr2.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Dissector} on a pcap: the reconnect capture's 73 TCP connections decode from the pcap
 * to exactly the frames their per-connection stream files give, and the verdicts (the exit
 * codes of {@code msgr2 dump}) are as documented.
 */
class PcapDumpTest {
    static final Path N = Path.of("..", "vectors", "n-pacific-reconnect-inject");

    static Capture reconnectCapture() throws IOException {
        return Capture.pcap(Files.readAllBytes(N.resolve("capture.pcap"))).get();
    }

    @Test
    void everyConnectionOfThePcapDecodesToTheFramesOfItsStreamFiles() throws IOException {
        Capture capture = reconnectCapture();
        assertEquals(73, capture.connections().size(), capture.warnings().toString());
        for (int i = 0; i < 73; i++) {
            Connection fromPcap = capture.connections().get(i);
            Connection fromFiles = Connection.ofDirectory(N.resolve("conn" + (i + 1)));
            assertEquals(fromFiles.clientToServer(), fromPcap.clientToServer(), fromPcap.name());
            assertEquals(fromFiles.serverToClient(), fromPcap.serverToClient(), fromPcap.name());
            Dissection a = Dissector.dump(fromPcap, Keys.NONE);
            Dissection b = Dissector.dump(fromFiles, Keys.NONE);
            assertEquals(b.lines(), a.lines(), fromPcap.name());
            assertEquals(Dissection.Verdict.VERIFIED, a.verdict(), fromPcap.name());
        }
        Dissection all = Dissector.dump(capture, Keys.NONE);
        assertEquals(Dissection.Verdict.VERIFIED, all.verdict());
        assertEquals("summary: 73 msgr2 connections: every frame decoded, every check passed", all.lines().getLast());
        assertEquals(73, all.lines().stream().filter(l -> l.startsWith("== conn")).count());
        assertTrue(all.lines().get(0).matches("== conn1 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:6806 @ 2026-.*\\(FIN from the "
                + "client\\)"), all.lines().get(0));
    }

    @Test
    void verdicts() throws IOException {
        assertEquals(Dissection.Verdict.OPAQUE, Dissector.dump(new Capture(List.of(), List.of(), 0), Keys.NONE).verdict());
        assertEquals(Dissection.Verdict.FAILED, Dissector.dump(new Capture(List.of(), List.of(), 2), Keys.NONE).verdict());
        Connection secure = Connection.ofDirectory(Path.of("..", "vectors", "pacific-f-cephx-osd-secure", "mon"));
        assertEquals(Dissection.Verdict.OPAQUE, Dissector.dump(Capture.of(secure), Keys.NONE).verdict());
        assertEquals(Dissection.Verdict.VERIFIED, Dissector.dump(Capture.of(secure), Keys.NONE.withKey(
                Keys.parseKey("AQB4OwZrfXF/CRAAG225U7LQq2CSKk+8XT48Cg==").get())).verdict());
        Connection c = Connection.ofDirectory(N.resolve("conn3"));
        Connection cut = Connection.of("cut", c.clientToServer().slice(0, c.clientToServer().length() - 3),
                c.serverToClient());
        assertEquals(Dissection.Verdict.OPAQUE, Dissector.dump(Capture.of(cut), Keys.NONE).verdict());
        List<String> notMsgr2 = new ArrayList<>(Dissector.dump(Connection.of("http",
                io.msgr2.spec.wire.Bytes.ascii("GET / HTTP/1.1\r\n\r\n"), io.msgr2.spec.wire.Bytes.EMPTY),
                Keys.NONE).lines());
        assertTrue(notMsgr2.getLast().contains("errors"), notMsgr2.toString());
    }

    @Test
    void aFileThatIsNotAPcapIsRefusedWithAReason() {
        var r = Capture.pcap("not a pcap at all".getBytes());
        assertTrue(r.isLeft());
        assertTrue(r.getLeft().startsWith("not a readable pcap or pcapng file"), r.getLeft());
    }
}
