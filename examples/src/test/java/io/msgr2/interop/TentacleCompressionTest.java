package io.msgr2.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.examples.Cli;
import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.conn.Compression;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.testkit.CephLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On-wire compression against Ceph 20.2 Tentacle whose OSDs force compression
 * ({@code ms_osd_compress_mode = force}, snappy): our client runs the exchange with the mon
 * and the OSD and is refused compression as Ceph refuses a client; a Tentacle {@code ceph}
 * client runs it against our server; and a Java peer presenting itself as {@code osd.9}
 * negotiates snappy with the real OSD's heartbeat messenger and gets compressed PING_REPLYs.
 */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "cephx", mode = "crc", osd = true, tentacle = true, compress = true)
class TentacleCompressionTest extends BothTransports {
    static final EntityName ADMIN = new EntityName(EntityType.CLIENT, "admin");

    @Test
    void ourClientRunsTheExchangeWithTheMonAndTheOsdAndIsRefusedAsACephClientIs(CephLab lab) throws Exception {
        List<String> trace = new CopyOnWriteArrayList<>();
        var osd = PacificAuthNoneTest.parseAddrs(lab.osdAddr().orElseThrow());
        try (Msgr2Messenger m = Msgr2Messenger.client(MessengerOptions.builder().name(ADMIN)
                .auth(CephxConfig.client(ADMIN, CryptoKey.fromBase64(lab.adminKey()).orElseThrow()))
                .compression(Compression.force(List.of(CompressionMethod.SNAPPY, CompressionMethod.ZSTD)))
                .tracer(trace::add).build(), new Msgr2Listener() {})) {
            m.connect(lab.monAddr(), EntityType.MON).awaitReady(Duration.ofSeconds(10));
            Msgr2Connection c = m.connect(osd, EntityType.OSD);
            c.awaitReady(Duration.ofSeconds(10));
            assertEquals(CompressionMethod.NONE, c.snapshot().link().orElseThrow().compression());
        }
        String all = String.join("\n", trace);
        assertTrue(all.contains("> COMPRESSION_REQUEST is_compress=false preferred_methods=[]"), all);
        assertTrue(all.contains("> COMPRESSION_REQUEST is_compress=true preferred_methods=[snappy, zstd]"), all);
        assertEquals(2, trace.stream().filter(l -> l.contains("< COMPRESSION_DONE is_compress=false")).count(), all);
    }

    @Test
    void aTentacleCephClientRunsTheExchangeAgainstOurServer(CephLab lab) throws Exception {
        int port = 20000 + (int) (Math.random() * 9000);
        Path served = Files.createTempFile("serve", ".out");
        Path log = lab.dir().resolve("client-compress.log");
        Process serve = Cli.start(List.of("serve", "--port", Integer.toString(port), "--auth", "cephx", "--keyring",
                lab.keyring().toString(), "--mode", "crc", "--compress", "snappy", "--trace", "--for", "40"), served);
        try {
            Thread.sleep(1500);
            Process ceph = new ProcessBuilder(lab.command(List.of("ceph", "--conf", "/dev/null", "-m",
                    "v2:127.0.0.1:" + port, "--keyring", lab.inner(lab.keyring()), "--ms-mon-client-mode", "crc",
                    "--connect-timeout", "5", "--debug-ms", "1", "--log-file", lab.inner(log), "-s")))
                    .redirectErrorStream(true).start();
            ceph.getInputStream().readAllBytes();
            ceph.waitFor(30, TimeUnit.SECONDS);
            String ours = Files.readString(served);
            assertTrue(ours.contains("< COMPRESSION_REQUEST is_compress=false"), ours);
            assertTrue(ours.contains("> COMPRESSION_DONE is_compress=false method=none"), ours);
            assertTrue(ours.contains("READY: accepted client."), ours);
            assertTrue(Files.readString(log).lines().anyMatch(l -> l.contains(").ready entity=mon.0")));
        } finally {
            serve.destroyForcibly();
            Files.deleteIfExists(served);
        }
    }

    @Test
    void aJavaOsdGetsCompressedPingRepliesFromTheTentacleOsd(CephLab lab) throws Exception {
        String keyring = lab.ceph("auth", "get-or-create", "osd.9", "mon", "allow profile osd", "osd", "allow *", "mgr",
                "allow profile osd");
        Matcher k = Pattern.compile("key = (\\S+)").matcher(keyring);
        assertTrue(k.find(), keyring);
        CryptoKey key = CryptoKey.fromBase64(k.group(1)).orElseThrow();
        String dump = lab.ceph("osd", "dump", "-f", "json");
        Matcher hb = Pattern.compile("\"heartbeat_back_addrs\":\\{\"addrvec\":\\[\\{\"type\":\"v2\",\"addr\":"
                + "\"([0-9.]+):(\\d+)\",\"nonce\":(\\d+)").matcher(dump);
        assertTrue(hb.find(), dump);
        Matcher ep = Pattern.compile("\"epoch\":(\\d+)").matcher(dump);
        assertTrue(ep.find());
        int epoch = Integer.parseInt(ep.group(1));
        var hbAddr = PacificAuthNoneTest.parseAddrs("v2:" + hb.group(1) + ":" + hb.group(2) + "/" + hb.group(3));
        EntityName me = new EntityName(EntityType.OSD, "9");
        LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        List<String> trace = new CopyOnWriteArrayList<>();
        try (Msgr2Messenger m = Msgr2Messenger.client(MessengerOptions.builder().name(me).gid(9)
                .auth(CephxConfig.client(me, key).withModes(List.of(ConnectionMode.CRC)))
                .compression(Compression.force(List.of(CompressionMethod.SNAPPY)))
                .putPolicies(EntityType.OSD, Policy.LOSSY_CLIENT).tracer(trace::add).build(), new Msgr2Listener() {
                    @Override
                    public void onMessage(Msgr2Connection c, Message msg) {
                        inbox.add(msg);
                    }
                })) {
            m.connect(lab.monAddr(), EntityType.MON).awaitReady(Duration.ofSeconds(10));
            Msgr2Connection c = m.connect(hbAddr, EntityType.OSD);
            c.awaitReady(Duration.ofSeconds(10));
            assertEquals(CompressionMethod.SNAPPY, c.snapshot().link().orElseThrow().compression(),
                    String.join("\n", trace));
            UUID fsid = UUID.fromString(lab.fsid());
            Message reply = null;
            for (int i = 0; i < 3; i++) {
                c.send(ping(fsid, epoch));
                Message got = inbox.poll(10, TimeUnit.SECONDS);
                assertNotNull(got, "no answer to our PING\n" + String.join("\n", trace));
                if (got.header().type() == 70) {
                    reply = got;
                }
            }
            assertNotNull(reply);
            DencReader r = new DencReader(reply.front());
            r.skip(16 + 4);
            assertEquals(5, r.u8(), "PING_REPLY");
            assertTrue(reply.front().length() >= 1900, "padded to osd_heartbeat_min_size: " + reply.front().length());
            assertTrue(trace.stream().anyMatch(l -> l.contains("< MESSAGE") && l.contains("type=70")
                    && l.contains("[compressed")), String.join("\n", trace));
        }
    }

    /** MOSDPing v5 (compat 4), op PING: fsid, map epoch, op, stamp, padding size, up_from, two monotonic stamps, no delta. */
    static Message ping(UUID fsid, int epoch) {
        Instant now = Instant.now();
        DencWriter w = new DencWriter();
        w.u64be(fsid.getMostSignificantBits()).u64be(fsid.getLeastSignificantBits());
        w.u32(epoch).u8(4);
        w.u32((int) now.getEpochSecond()).u32(now.getNano());
        w.u32(0).u32(0);
        long mono = System.nanoTime();
        w.u32((int) (mono / 1_000_000_000L)).u32((int) (mono % 1_000_000_000L));
        w.u32(0).u32(0);
        w.u8(0);
        return new Message(MsgHeader2.of(70, 196, 5, 4), w.toBytes(), Bytes.EMPTY, Bytes.EMPTY);
    }
}
