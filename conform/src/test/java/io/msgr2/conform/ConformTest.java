package io.msgr2.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Conformance#replay} on every replayable connection of the bundled captures: our client
 * (and, for the Pacific mon captures, our server) must send exactly the bytes the real Ceph
 * side sent.
 */
class ConformTest {
    static final Path V = Path.of("..", "vectors");
    static final String PACIFIC = "AQB4OwZrfXF/CRAAG225U7LQq2CSKk+8XT48Cg==";
    static final String PACIFIC_OSD = "AQDSOwZr1lyWERAA1BhKh5UbupWcLqu0jGdFWw==";
    static final String PACIFIC_BADKEY = "AQBZOwZrAAAAABAAxxxxxxxxxxxxxxxxxxxxxw==";
    static final String PACIFIC_UNKNOWN = "AQDy7wZrHuzkGxAA8Z7BsCimBS6uK5vwDFlLUw==";
    static final String TENTACLE = "AgCb8gZrxw3YGSAAs/JO6MkxryhJodutbMeCh/UR+wGjldGyzYrFUU6cfK8=";
    static final String K_ADMIN = "AgCi9QZrEljmHyAA7yB0O8xkrZyQ4MIRbL5ogvMCJG/+nEJNA62JA5WrCic=";
    static final String M_OSD0 = "AgCi9QZrhx5uIyAAu3onGtooOg/QDpRPspBn+U+6b6M50Fm22JxTw+NTMW0=";
    static final String M_OSD1 = "AgDHMwdrmUPXBSAAepCMfWNhBE6+FlPisJe2hefVpw5CtOMkpgYwKsMMB8M=";

    /** One replay: a connection dir, the role, the key, the mon session its tickets came from, extra flags. */
    record Case(String conn, String role, String key, String mon, List<String> extra) {
        @Override
        public String toString() {
            return role + " " + conn + (extra.isEmpty() ? "" : " " + extra.get(0));
        }

        Connection connection() {
            return load(conn);
        }

        ReplayOptions options() {
            Keys k = Keys.NONE;
            if (key != null) {
                k = k.withKey(Keys.parseKey(key).get());
            }
            if (mon != null) {
                k = k.withMonSession(load(mon));
            }
            ReplayOptions o = new ReplayOptions(role.equals("client") ? Role.CLIENT : Role.SERVER, k, false, false,
                    1024);
            for (int i = 0; i < extra.size(); i++) {
                switch (extra.get(i)) {
                    case "--peer-truncated" -> o = o.withPeerTruncated(true);
                    case "--sealed-from-capture" -> o = o.withSealedFromCapture(true);
                    case "--compress-min-size" -> o = o.withCompressMinSize(Integer.parseInt(extra.get(++i)));
                    case "--mon-store" -> o = new ReplayOptions(o.role(), o.keys().withMonStore(read(Path.of(
                            extra.get(++i)))), o.peerTruncated(), o.sealedFromCapture(), o.compressMinSize());
                    default -> throw new IllegalArgumentException(extra.get(i));
                }
            }
            return o;
        }

        /** Replays the case: its report's lines, then its summary. */
        Run run() {
            Report r = Conformance.replay(connection(), options());
            List<String> lines = new ArrayList<>(r.lines());
            lines.add(r.summary());
            return new Run(r, String.join("\n", lines) + "\n");
        }
    }

    record Run(Report report, String out) {}

    static Connection load(String dir) {
        try {
            return Connection.ofDirectory(V.resolve(dir));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static io.msgr2.spec.wire.Bytes read(Path p) {
        try {
            return io.msgr2.spec.wire.Bytes.wrap(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Case client(String conn, String key) {
        return new Case(conn, "client", key, null, List.of());
    }

    static Case client(String conn, String key, String mon) {
        return new Case(conn, "client", key, mon, List.of());
    }

    static Case server(String conn, String key, String... extra) {
        return new Case(conn, "server", key, null, List.of(extra));
    }

    static Stream<Case> clientCases() {
        List<Case> c = new ArrayList<>();
        for (String n : List.of("conn1", "conn2")) {
            c.add(client("pacific-a-none-crc/" + n, null));
            c.add(client("pacific-b-cephx-crc/" + n, PACIFIC));
            c.add(client("h-tentacle-aes256k-secure/" + n, TENTACLE));
            c.add(client("j-tentacle-legacy-aes-crc/" + n, PACIFIC));
        }
        String e = "pacific-e-cephx-osd-crc/";
        c.add(client(e + "mon", PACIFIC));
        c.add(client(e + "osd", PACIFIC, e + "mon"));
        c.add(client(e + "osdmon", PACIFIC_OSD));
        c.add(client(e + "badkey", PACIFIC_BADKEY));
        c.add(client(e + "unknown", PACIFIC_UNKNOWN));
        String f = "pacific-f-cephx-osd-secure/";
        c.add(client(f + "mon", PACIFIC));
        c.add(client(f + "osd", PACIFIC, f + "mon"));
        String g = "g-tentacle-aes256k-crc/";
        for (String n : List.of("conn1", "conn2", "admin-refused-aes-only", "reclaim-conn1", "reclaim-conn2",
                "renew-conn1", "renew-conn2")) {
            c.add(client(g + n, TENTACLE));
        }
        c.add(client(g + "reclaim-conn3", TENTACLE, g + "reclaim-conn2"));
        for (String n : List.of("legacy-allowed-conn1", "legacy-allowed-conn2", "legacy-refused",
                "pacific-legacy-conn1", "pacific-legacy-conn2")) {
            c.add(client(g + n, PACIFIC));
        }
        c.add(client("k-tentacle-compress-zstd/conn1", K_ADMIN));
        String l = "l-tentacle-compress-pacific-client/";
        for (String n : List.of("conn1", "conn2", "conn3")) {
            c.add(client(l + n, PACIFIC));
        }
        c.add(client(l + "conn4", PACIFIC, l + "conn3"));
        String m = "m-tentacle-compress-snappy-keys/";
        c.add(client(m + "conn1", K_ADMIN));
        c.add(client(m + "conn2", K_ADMIN));
        c.add(client(m + "conn44", K_ADMIN));
        c.add(client(m + "conn45", K_ADMIN, m + "conn44"));
        c.add(client(m + "conn5", M_OSD0));
        c.add(client(m + "conn7", M_OSD0));
        c.add(client(m + "conn28", M_OSD1));
        for (String n : List.of("conn31", "conn32")) {
            c.add(client(m + n, M_OSD1, m + "conn28"));
        }
        for (String n : List.of("conn39", "conn40", "conn41")) {
            c.add(client(m + n, M_OSD0, m + "conn7"));
        }
        c.addAll(sealedFromCaptureCases());
        return c.stream();
    }

    static Case sealed(String conn, String... extra) {
        List<String> x = new ArrayList<>(List.of("--sealed-from-capture"));
        x.addAll(List.of(extra));
        return new Case(conn, "client", null, null, x);
    }

    /**
     * The connections of {@code k} whose keys the capture lacks (osd.1's key, osd.0's and the rados
     * client's mon sessions were not kept): replayed with stand-in keys, Ceph's key-dependent bytes
     * taken from the capture and counted. Plus connections of {@code m} whose keys we do hold, replayed
     * the same way: the mode must agree with the keyed replay.
     */
    static List<Case> sealedFromCaptureCases() {
        List<Case> c = new ArrayList<>();
        String k = "k-tentacle-compress-zstd/";
        for (String n : List.of("conn5", "conn16", "conn17", "conn18", "conn22", "conn26", "conn30")) {
            c.add(sealed(k + n));
        }
        for (String run : List.of("zlib", "lz4", "mixed", "min4096")) {
            for (String n : List.of("conn8", "conn9", "conn10", "conn11", "conn12")) {
                c.add(run.equals("min4096") ? sealed(k + run + "/" + n, "--compress-min-size", "4096")
                        : sealed(k + run + "/" + n));
            }
        }
        String m = "m-tentacle-compress-snappy-keys/";
        for (String n : List.of("conn5", "conn28", "conn31", "conn39")) {
            c.add(sealed(m + n));
        }
        return c;
    }

    static Case serverOf(String conn, String key, String mon) {
        return new Case(conn, "server", key, mon, List.of());
    }

    static Stream<Case> serverCases() {
        List<Case> c = new ArrayList<>();
        String e = "pacific-e-cephx-osd-crc/";
        c.addAll(List.of(
                server("pacific-a-none-crc/conn1", null), server("pacific-a-none-crc/conn2", null),
                server("pacific-b-cephx-crc/conn1", PACIFIC), server("pacific-b-cephx-crc/conn2", PACIFIC),
                server(e + "mon", PACIFIC), server(e + "osdmon", PACIFIC_OSD, "--peer-truncated"),
                // the mon's own store was kept: our mon seals the tickets with its real secrets
                server(e + "mon", PACIFIC, "--mon-store", V.resolve(e + "auth_full.bin").toString()),
                server(e + "badkey", PACIFIC), server(e + "unknown", null),
                serverOf(e + "osd", PACIFIC_OSD, e + "osdmon"),
                server("pacific-f-cephx-osd-secure/mon", PACIFIC)));
        String g = "g-tentacle-aes256k-crc/";
        for (String n : List.of("conn1", "conn2", "admin-refused-aes-only", "reclaim-conn1", "reclaim-conn2",
                "renew-conn1", "renew-conn2")) {
            c.add(server(g + n, TENTACLE));
        }
        for (String n : List.of("legacy-allowed-conn1", "legacy-allowed-conn2", "legacy-refused",
                "pacific-legacy-conn1", "pacific-legacy-conn2")) {
            c.add(server(g + n, PACIFIC));
        }
        for (String n : List.of("conn1", "conn2")) {
            c.add(server("h-tentacle-aes256k-secure/" + n, TENTACLE));
            c.add(server("j-tentacle-legacy-aes-crc/" + n, PACIFIC));
        }
        c.add(server("k-tentacle-compress-zstd/conn1", K_ADMIN));
        for (String n : List.of("conn1", "conn2", "conn3")) {
            c.add(server("l-tentacle-compress-pacific-client/" + n, PACIFIC));
        }
        String m = "m-tentacle-compress-snappy-keys/";
        for (String n : List.of("conn1", "conn2", "conn44")) {
            c.add(server(m + n, K_ADMIN));
        }
        c.add(server(m + "conn5", M_OSD0));
        c.add(server(m + "conn7", M_OSD0));
        c.add(server(m + "conn28", M_OSD1));
        // OSDs: osd.0 (its mon session conn7) serves conn31, conn32, conn45; osd.1 (conn28) serves conn39-41
        for (String n : List.of("conn31", "conn32", "conn45")) {
            c.add(serverOf(m + n, M_OSD0, m + "conn7"));
        }
        for (String n : List.of("conn39", "conn40", "conn41")) {
            c.add(serverOf(m + n, M_OSD1, m + "conn28"));
        }
        return c.stream();
    }

    static final Pattern IDENTICAL = Pattern.compile("identical: (\\d+) of (\\d+) compared bytes; taken from the "
            + "capture: (\\d+) bytes \\(compression (\\d+), missing keys (\\d+)\\); application payloads fed: (\\d+) bytes");

    /** Each case is replayed once; the per-capture test sums the runs of {@link #everyByteIsIdentical}. */
    static final Map<Case, Run> RUNS = new ConcurrentHashMap<>();

    static Run runOnce(Case c) {
        return RUNS.computeIfAbsent(c, Case::run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"clientCases", "serverCases"})
    void everyByteIsIdentical(Case c) {
        Run r = runOnce(c);
        Counts n = r.report().counts();
        List<String> lines = r.out().lines().toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        Matcher m = IDENTICAL.matcher(last);
        assertTrue(m.matches(), () -> "last line: " + last + "\n" + r.out());
        // the line says what the record says
        assertEquals(List.of(n.same(), n.compared(), n.takenTotal(), n.taken(TakenReason.COMPRESSION),
                n.taken(TakenReason.MISSING_KEY), n.fed()), IntStream.rangeClosed(1, 6)
                .mapToObj(i -> Long.parseLong(m.group(i))).toList(), r.out());
        assertTrue(r.report().identical(), r.out());
        assertEquals(n.compared(), n.same(), r.out());
        assertTrue(n.compared() > 0, r.out());

        Captured own = Captured.of(c);
        // every byte of Ceph's stream is counted once: compared or taken (as far as the peer's bytes
        // drive our side when they were cut short on purpose)
        if (c.extra().contains("--peer-truncated")) {
            assertTrue(n.total() <= own.bytes(), r.out());
        } else {
            assertEquals(own.bytes(), n.total(), r.out());
        }
        // every compressed segment of Ceph's is taken, and nothing else for compression
        assertEquals(own.compressed(), n.taken(TakenReason.COMPRESSION), r.out());
        // a key the capture lacks: --sealed-from-capture, or a mon's rotating secrets (no --mon-store)
        assertEquals(c.extra().contains("--sealed-from-capture") || own.ticketsSealedByTheMon(c),
                n.taken(TakenReason.MISSING_KEY) > 0, r.out());
        // the application payloads fed are those of Ceph's MESSAGEs (readable in crc mode only)
        if (!own.direction().secure() && !c.extra().contains("--peer-truncated")) {
            assertEquals(own.payloads(), n.fed(), r.out());
        }
    }

    /** The replays by role (and mode), all their bytes together: docs/conform.md's coverage table. */
    @org.junit.jupiter.api.AfterAll
    static void summary() {
        Map<String, List<Case>> groups = new java.util.TreeMap<>();
        RUNS.keySet().forEach(c -> groups.computeIfAbsent(c.role() + (c.role().equals("server")
                ? c.mon() == null ? ", mon" : ", OSD" : c.extra().contains("--sealed-from-capture")
                ? ", --sealed-from-capture" : ""), k -> new ArrayList<>()).add(c));
        groups.forEach((g, cases) -> System.out.printf("conform %s: %d replays, %s%n", g, cases.size(), cases.stream()
                .map(c -> RUNS.get(c).report().counts()).reduce(Counts.NONE, Counts::plus).summary("")));
    }

    /** What the captured side sent on a case's connection: its bytes, compressed segments, MESSAGE payloads. */
    record Captured(Dissector.Direction direction, io.msgr2.spec.wire.Bytes stream) {
        static Captured of(Case c) {
            Connection conn = c.connection();
            Dissector.Conversation conv = Dissector.decode(conn);
            return c.role().equals("client") ? new Captured(conv.client(), conn.clientToServer())
                    : new Captured(conv.server(), conn.serverToClient());
        }

        long bytes() {
            return stream.length();
        }

        long compressed() {
            return Conformance.compressed(direction, stream).stream().mapToLong(io.msgr2.spec.wire.Bytes::length).sum();
        }

        long payloads() {
            return direction.frames().stream().filter(io.msgr2.spec.frame.Message.class::isInstance)
                    .mapToLong(f -> Counts.payload((io.msgr2.spec.frame.Message) f)).sum();
        }

        /** A mon's AUTH_DONE with cephx tickets, replayed without the mon's own store. */
        boolean ticketsSealedByTheMon(Case c) {
            return c.role().equals("server") && c.mon() == null && !c.extra().contains("--mon-store")
                    && Dissector.first(direction.frames(), io.msgr2.spec.frame.AuthDone.class)
                    .filter(d -> !MonReplay.Reply.read(d.payload()).blobBl().isEmpty()).isPresent();
        }
    }

    /** The share of a replay's bytes taken from the capture. */
    static double share(Counts n) {
        return n.total() == 0 ? 0 : (double) n.takenTotal() / n.total();
    }

    /** A case's capture: its directory under vectors/ (a run of {@code k} in a subdirectory is a capture of its own). */
    static String capture(Case c) {
        return c.conn().substring(0, c.conn().lastIndexOf('/'));
    }

    /**
     * The most of its bytes each capture may take from the capture (all its replays together),
     * just above what it takes today (the table in docs/conform.md, "What the counts mean").
     */
    static final Map<String, Double> TAKEN_SHARE_BOUND = Map.ofEntries(
            // auth none, no compression: nothing is taken
            Map.entry("pacific-a-none-crc", 0.0),
            // cephx, no compression: the mon role takes the sealed inside of each ticket blob (sealed
            // with the mon's rotating secrets, which never cross the wire); measured 0.64%
            Map.entry("pacific-b-cephx-crc", 0.007),
            // the same in its mon replays (none with --mon-store; the OSD role takes none): small
            // connections, so a larger share; 3.99%
            Map.entry("pacific-e-cephx-osd-crc", 0.040),
            // the mon's ticket blobs (secure mode: they are inside AUTH_DONE, before the keys start); 5.23%
            Map.entry("pacific-f-cephx-osd-secure", 0.053),
            // the mon's ticket blobs in the server role (aes256k and legacy aes); 1.30%, 0.87%, 0.80%
            Map.entry("g-tentacle-aes256k-crc", 0.014),
            Map.entry("h-tentacle-aes256k-secure", 0.009),
            Map.entry("j-tentacle-legacy-aes-crc", 0.008),
            // zstd: the compressed segments of the OSD connections (conn18 alone: 15,735 bytes), and
            // the key-dependent bytes of the --sealed-from-capture replays; 5.76%
            Map.entry("k-tentacle-compress-zstd", 0.058),
            // the OSD<->OSD connections of the other runs, all --sealed-from-capture: their
            // replication data compresses, so most of their bytes are compressed segments; 58.17%,
            // 69.60%, 65.83%; with a 4096-byte threshold few segments compress: 2.64%
            Map.entry("k-tentacle-compress-zstd/zlib", 0.582),
            Map.entry("k-tentacle-compress-zstd/lz4", 0.697),
            Map.entry("k-tentacle-compress-zstd/mixed", 0.659),
            Map.entry("k-tentacle-compress-zstd/min4096", 0.027),
            // a Pacific client does not compress: only the mon's ticket blobs; 0.31%
            Map.entry("l-tentacle-compress-pacific-client", 0.004),
            // snappy: the compressed segments of the OSD heartbeats and replication (a client's
            // connection is never compressed), the mon's ticket blobs, and four
            // --sealed-from-capture cross-checks; 28.68%
            Map.entry("m-tentacle-compress-snappy-keys", 0.287));

    /** Per capture, all its replays together: the taken share within its bound; the figures printed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void takenShareIsBoundedPerCapture(String capture) {
        List<Case> cases = Stream.concat(clientCases(), serverCases()).filter(c -> capture(c).equals(capture)).toList();
        Counts all = cases.stream().map(c -> runOnce(c).report().counts()).reduce(Counts.NONE, Counts::plus);
        System.out.printf("conform %s: %d replays, %s; taken share %.4f%n", capture, cases.size(), all.summary(""),
                share(all));
        assertTrue(all.compared() > 0, capture);
        assertTrue(share(all) <= TAKEN_SHARE_BOUND.get(capture), () -> String.format("%s: %.4f taken, bound %.4f",
                capture, share(all), TAKEN_SHARE_BOUND.get(capture)));
    }

    static Stream<String> captures() {
        return Stream.concat(clientCases(), serverCases()).map(ConformTest::capture).distinct();
    }

    /** A changed byte in Ceph's stream is found: its offset, the frame, the field, and a non-zero exit. */
    @Test
    void aChangedByteIsReportedWithItsFrameAndField(@TempDir Path dir) throws IOException {
        Path src = V.resolve("pacific-b-cephx-crc/conn1");
        byte[] c2s = Files.readAllBytes(src.resolve("client-to-server.bin"));
        // CLIENT_IDENT is at 0x13c (32-byte preamble, 123-byte segment, its CRC). Everything in it is
        // recovered from the capture except target_addr, which our client takes from the address it
        // dialled (the one in its HELLO): change the port's low byte there (40-byte address vector,
        // then the target's 7-byte header, type, nonce, length, family, be16 port) and fix the CRC
        int seg = 0x13c + 32;
        int at = seg + 40 + 7 + 12 + 2 + 1;
        c2s[at] ^= 0x01;
        int crc = (int) io.msgr2.codec.Crc32c.segment(io.msgr2.spec.wire.Bytes.wrap(c2s, seg, 123));
        for (int i = 0; i < 4; i++) {
            c2s[seg + 123 + i] = (byte) (crc >>> 8 * i);
        }
        Files.write(dir.resolve("client-to-server.bin"), c2s);
        Files.copy(src.resolve("server-to-client.bin"), dir.resolve("server-to-client.bin"));
        Report rep = Conformance.replay(Connection.ofDirectory(dir), ReplayOptions.client(Keys.NONE.withKey(
                Keys.parseKey(PACIFIC).get())));
        Run r = new Run(rep, String.join("\n", rep.lines()) + "\n" + rep.summary() + "\n");
        assertFalse(rep.identical(), r.out());
        assertTrue(r.out().contains(String.format("first difference at byte 0x%x", at)), r.out());
        assertTrue(r.out().contains("CLIENT_IDENT"), r.out());
        assertTrue(r.out().contains("field: targetAddr.addr: ours"), r.out());
        // nothing is taken on this connection: every byte is compared, identical up to the changed one
        assertTrue(r.out().strip().endsWith(String.format("identical: %d of %d compared bytes; taken from the capture: "
                + "0 bytes (compression 0, missing keys 0); application payloads fed: %d bytes", at, c2s.length,
                rep.counts().fed())), r.out());
    }

    /**
     * With stand-in keys, everything but Ceph's key-dependent bytes is still compared: a changed
     * message sequence number in an OSD-to-OSD session of {@code k} is found.
     */
    @Test
    void sealedFromCaptureStillComparesEverythingElse(@TempDir Path dir) throws IOException {
        Path src = V.resolve("k-tentacle-compress-zstd/conn18");
        byte[] c2s = Files.readAllBytes(src.resolve("client-to-server.bin"));
        byte[] s2c = Files.readAllBytes(src.resolve("server-to-client.bin"));
        Dissector.Direction client = Dissector.decode(Connection.of("conn18", io.msgr2.spec.wire.Bytes.wrap(c2s),
                io.msgr2.spec.wire.Bytes.wrap(s2c))).client();
        int at = -1;
        for (int i = 0; i < client.frames().size() && at < 0; i++) {
            Dissector.Span span = client.spans().get(i);
            if (client.frames().get(i) instanceof io.msgr2.spec.frame.Message && !span.info().compressed()) {
                // the header segment (41 bytes, after the 32-byte preamble) starts with le64 seq
                int seg = span.offset() + 32;
                at = seg;
                c2s[at] ^= 0x40;
                int crc = (int) io.msgr2.codec.Crc32c.segment(io.msgr2.spec.wire.Bytes.wrap(c2s, seg, 41));
                for (int b = 0; b < 4; b++) {
                    c2s[seg + 41 + b] = (byte) (crc >>> 8 * b);
                }
            }
        }
        assertTrue(at > 0);
        Files.write(dir.resolve("client-to-server.bin"), c2s);
        Files.write(dir.resolve("server-to-client.bin"), s2c);
        Report rep = Conformance.replay(Connection.ofDirectory(dir), ReplayOptions.client(Keys.NONE)
                .withSealedFromCapture(true));
        Run r = new Run(rep, String.join("\n", rep.lines()) + "\n" + rep.summary() + "\n");
        assertFalse(rep.identical(), r.out());
        assertTrue(r.out().contains(String.format("first difference at byte 0x%x", at)), r.out());
        assertTrue(r.out().contains("field: header.seq: ours"), r.out());
        // the bytes before the difference are identical but for those taken from the capture: Ceph's
        // key-dependent bytes (all in the authentication, before it) and the compressed segments before it
        long compressedBefore = 0;
        for (Dissector.Span span : client.spans()) {
            if (span.info().compressed() && span.offset() + span.size() <= at) {
                compressedBefore += span.info().wireLengths().stream().mapToLong(Integer::longValue).sum();
            }
        }
        long keys = rep.counts().taken(TakenReason.MISSING_KEY);
        assertTrue(keys > 0, r.out());
        assertEquals(at - keys - compressedBefore, rep.counts().same(), r.out());
    }

    /** Stand-in keys cannot replay secure mode (every later frame is sealed), and conform says so. */
    @Test
    void sealedFromCaptureRefusesSecureMode() {
        Run r = sealed("pacific-f-cephx-osd-secure/osd").run();
        assertFalse(r.report().identical());
        assertTrue(r.out().contains("cannot replay secure mode"), r.out());
    }

    /** Without the keys a cephx capture cannot be replayed, and conform says so. */
    @Test
    void cephxWithoutKeysIsRefusedWithAReason() {
        Case c = client("pacific-b-cephx-crc/conn1", null);
        Run r = c.run();
        assertFalse(r.report().identical());
        assertTrue(r.out().contains("--key"), r.out());
        assertTrue(r.out().strip().endsWith("identical: 0 of 690 compared bytes; taken from the capture: 0 bytes "
                + "(compression 0, missing keys 0); application payloads fed: 0 bytes"), r.out());
    }
}
