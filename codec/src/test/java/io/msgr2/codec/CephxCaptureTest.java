package io.msgr2.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.codec.frame.Decoded;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.AuthOutcome;
import io.msgr2.spec.auth.ClientAuth;
import io.msgr2.spec.auth.ServerAuth;
import io.msgr2.spec.auth.cephx.Authenticate;
import io.msgr2.spec.auth.cephx.CephxClient;
import io.msgr2.spec.auth.cephx.CephxCrypto;
import io.msgr2.spec.auth.cephx.CephxServer;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.KeyServer;
import io.msgr2.spec.auth.cephx.Keyring;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthReplyMore;
import io.msgr2.spec.frame.AuthRequest;
import io.msgr2.spec.frame.AuthRequestMore;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.UTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * cephx against real Pacific conversations: given the random values the Ceph client drew
 * (read back from the capture), our client machines send byte for byte what Ceph's client
 * sent, and recover the same session keys and connection secrets; our mon-role server
 * accepts Ceph's proof.
 */
class CephxCaptureTest {
    static final CryptoKey ADMIN = CryptoKey.fromBase64("AQB4OwZrfXF/CRAAG225U7LQq2CSKk+8XT48Cg==").orElseThrow();
    static final EntityName CLIENT_ADMIN = new EntityName(EntityType.CLIENT, "admin");

    @Test
    void cryptoKeyDecodesTheKeyringKey() {
        assertEquals(Bytes.fromHex("1b6db953b2d0ab60922a4fbc5d3e3c0a"), ADMIN.secret());
        assertEquals(1, ADMIN.type());
        assertEquals("AQB4OwZrfXF/CRAAG225U7LQq2CSKk+8XT48Cg==", ADMIN.toBase64());
    }

    @Test
    void proofMatchesTheFactSheetVector() {
        assertEquals(0xf2a15858f7c17d5dL, Authenticate.proof(ADMIN, 0xb3975aa3dd24e4d0L, 0x7d414d889f8f4d53L));
        Bytes c = CephxCrypto.encryptBare(ADMIN, io.msgr2.spec.auth.cephx.KeyUsage.AUTHORIZE,
                Bytes.fromHex("d0e424dda35a97b3534d8f9f884d417d"), Bytes.EMPTY);
        assertEquals(Bytes.fromHex("ccf6be0eb7c277f9dacdae9385fbfd35ea18d7044f444b3ba47b666bb7f4c3e8"), c);
    }

    static final String TENTACLE_KEY = "AgCb8gZrxw3YGSAAs/JO6MkxryhJodutbMeCh/UR+wGjldGyzYrFUU6cfK8=";

    /** Tentacle 20.2.4 with its default aes256k keys, and with a legacy aes key: the same byte-for-byte check. */
    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
        "g-tentacle-aes256k-crc, conn1, 1, AgCb8gZrxw3YGSAAs/JO6MkxryhJodutbMeCh/UR+wGjldGyzYrFUU6cfK8=, c5627155b5833a8b5581c277e348583ce4a59b6414b1bd9883b157210c3c64f6",
        "g-tentacle-aes256k-crc, conn2, 1, AgCb8gZrxw3YGSAAs/JO6MkxryhJodutbMeCh/UR+wGjldGyzYrFUU6cfK8=, ",
        "h-tentacle-aes256k-secure, conn1, 2, AgCb8gZrxw3YGSAAs/JO6MkxryhJodutbMeCh/UR+wGjldGyzYrFUU6cfK8=, 4302a15f7bc1bfe91f74fd4069511e1bb30af25c271e8cbdb428d13f93e92abf",
        "h-tentacle-aes256k-secure, conn2, 2, AgCb8gZrxw3YGSAAs/JO6MkxryhJodutbMeCh/UR+wGjldGyzYrFUU6cfK8=, 21a671a2a9bd0d28d05291e1273bee06fab1c73123f61bddbb9ebeae9f80c058",
        "j-tentacle-legacy-aes-crc, conn1, 1, AQB4OwZrfXF/CRAAG225U7LQq2CSKk+8XT48Cg==, 3aaf19c36fca41aebd56ad9541582387",
        "j-tentacle-legacy-aes-crc, conn2, 1, AQB4OwZrfXF/CRAAG225U7LQq2CSKk+8XT48Cg==, 7fda403a08c6e124c1233e0e12f40127",
    })
    void tentacleMonAuthenticationIsByteIdentical(String capture, String conn, int mode, String key, String sessionKey) {
        ClientAuth.Result.Done d = replayMon(capture, conn, mode, CryptoKey.fromBase64(key).orElseThrow());
        if (sessionKey != null) {
            assertEquals(Bytes.fromHex(sessionKey), d.outcome().sessionKey());
        }
        assertEquals(CryptoKey.fromBase64(key).orElseThrow().type(),
                d.env().tickets().get(EntityType.AUTH).orElseThrow().sessionKey().type(), "session key type = client key type");
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
        "pacific-b-cephx-crc, conn1, 1",
        "pacific-b-cephx-crc, conn2, 1",
        "pacific-f-cephx-osd-secure, mon, 2",
    })
    void monAuthenticationIsByteIdentical(String capture, String conn, int mode) {
        replayMon(capture, conn, mode, ADMIN);
    }

    static ClientAuth.Result.Done replayMon(String capture, String conn, int mode, CryptoKey key) {
        List<Frame> c2s = plainFrames(capture, conn, "client-to-server.bin");
        List<Frame> s2c = plainFrames(capture, conn, "server-to-client.bin");
        AuthRequest req = first(c2s, AuthRequest.class);
        AuthRequestMore more = first(c2s, AuthRequestMore.class);
        AuthReplyMore challenge = first(s2c, AuthReplyMore.class);
        AuthDone done = first(s2c, AuthDone.class);
        Authenticate sent = Authenticate.decode(new DencReader(more.payload().slice(2)));

        Env env = env(Entropy.scripted(List.of(le64(sent.clientChallenge()))));
        ClientAuth c = new CephxClient.Mon(CLIENT_ADMIN, key, sent.otherKeys());
        ClientAuth.Result.Send s1 = assertInstanceOf(ClientAuth.Result.Send.class, c.start(env));
        assertEquals(req.payload(), s1.payload());
        ClientAuth.Result.Send s2 = assertInstanceOf(ClientAuth.Result.Send.class,
                s1.next().onReplyMore(challenge.payload(), s1.env()));
        assertEquals(more.payload(), s2.payload());
        ClientAuth.Result.Done d = assertInstanceOf(ClientAuth.Result.Done.class, s2.next().onDone(done, s2.env()),
                () -> "" + s2.next().onDone(done, s2.env()));
        assertEquals(done.globalId(), d.outcome().globalId());
        assertEquals(new ConnectionMode(mode), d.outcome().mode());
        assertEquals(mode == 2 ? 64 : 0, d.outcome().connectionSecret().length());
        int services = Integer.bitCount(sent.otherKeys() & ~0x20) + 1;
        assertEquals(services, d.env().tickets().held().size());
        assertEquals(done.globalId(), d.env().tickets().globalId());
        return d;
    }

    @Test
    void secureMonAndOsdKeysAreTheOnesCephUsed() {
        String cap = "pacific-f-cephx-osd-secure";
        List<Frame> monUp = plainFrames(cap, "mon", "client-to-server.bin");
        List<Frame> monDown = plainFrames(cap, "mon", "server-to-client.bin");
        Authenticate sent = Authenticate.decode(new DencReader(first(monUp, AuthRequestMore.class).payload().slice(2)));
        Env env = env(Entropy.scripted(List.of(le64(sent.clientChallenge()))));
        ClientAuth.Result.Send s1 = (ClientAuth.Result.Send) new CephxClient.Mon(CLIENT_ADMIN, ADMIN, 0x35).start(env);
        ClientAuth.Result.Send s2 = (ClientAuth.Result.Send) s1.next()
                .onReplyMore(first(monDown, AuthReplyMore.class).payload(), s1.env());
        ClientAuth.Result.Done mon = (ClientAuth.Result.Done) s2.next().onDone(first(monDown, AuthDone.class), s2.env());
        assertEquals(Bytes.fromHex("5801c2c07afeca887a7f22a8d92b9cd2"), mon.outcome().sessionKey());
        assertEquals(Bytes.fromHex("90e4f856fbe0a5860f2a82c9ce06816e7031d4764d1afded08fa26c04dc760a2d7006bbb5ce395332d"
                + "c91492cd0e6aa8a070884640c46dfa9c9c81727cc020d0"), mon.outcome().connectionSecret());
        assertEquals(Bytes.fromHex("ee90b9ab36f49316db99d37e7949a4f6"),
                mon.env().tickets().get(EntityType.OSD).orElseThrow().sessionKey().secret());

        // The osd connection: the same authorizer, challenge answer and secret.
        List<Frame> osdUp = plainFrames(cap, "osd", "client-to-server.bin");
        List<Frame> osdDown = plainFrames(cap, "osd", "server-to-client.bin");
        AuthRequest req = first(osdUp, AuthRequest.class);
        Env osdEnv = mon.env().withEntropy(Entropy.scripted(List.of(le64(0xb6da2a98a94df292L))));
        ClientAuth.Result.Send a1 = assertInstanceOf(ClientAuth.Result.Send.class,
                new CephxClient.Service(EntityType.OSD).start(osdEnv));
        assertEquals(req.payload(), a1.payload());
        ClientAuth.Result.Send a2 = assertInstanceOf(ClientAuth.Result.Send.class,
                a1.next().onReplyMore(first(osdDown, AuthReplyMore.class).payload(), a1.env()));
        assertEquals(first(osdUp, AuthRequestMore.class).payload(), a2.payload());
        ClientAuth.Result.Done osd = assertInstanceOf(ClientAuth.Result.Done.class,
                a2.next().onDone(first(osdDown, AuthDone.class), a2.env()));
        assertEquals(Bytes.fromHex("15c15ffc26b67886b2edca0ff45f97dff62ed5fee4a3105980ce523ccde86b548068c576f9251ec9da"
                + "469527ce89aee08d5dbb51361152df3dd732d879ee410c"), osd.outcome().connectionSecret());
        assertEquals(4122, osd.outcome().globalId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"conn1", "conn2"})
    void ourMonAcceptsCephsProof(String conn) {
        List<Frame> c2s = plainFrames("pacific-b-cephx-crc", conn, "client-to-server.bin");
        List<Frame> s2c = plainFrames("pacific-b-cephx-crc", conn, "server-to-client.bin");
        long serverChallenge = new DencReader(first(s2c, AuthReplyMore.class).payload().slice(1)).u64();
        Keyring keyring = Keyring.of(CLIENT_ADMIN, ADMIN, Map.of("mon", "allow *"));
        KeyServer ks = KeyServer.create(keyring, Entropy.seeded(7), new UTime(1_800_000_000, 0)).keyServer();
        Env env = env(Entropy.scripted(List.of(le64(serverChallenge))));
        CephxServer server = new CephxServer(Optional.of(ks), Optional.empty());
        ServerAuth.Result.More m = assertInstanceOf(ServerAuth.Result.More.class,
                server.onRequest(first(c2s, AuthRequest.class).payload(), EntityType.CLIENT, ConnectionMode.CRC, env));
        assertEquals(first(s2c, AuthReplyMore.class).payload(), m.payload());
        ServerAuth.Result.Done d = assertInstanceOf(ServerAuth.Result.Done.class,
                m.next().onRequestMore(first(c2s, AuthRequestMore.class).payload(), m.env()));
        AuthOutcome o = d.outcome();
        // What we answered reads back with the client's key.
        var granted = CephxClient.readAuthDone(d.payload(), ADMIN, Optional.empty());
        assertTrue(granted.isRight(), () -> granted.getLeft());
        assertEquals(o.sessionKey(), granted.get().sessionKey().secret());
    }

    static Env env(Entropy e) {
        return new Env(e, 0, 4099, EntityAddrVec.EMPTY, new UTime(1_800_000_000, 0));
    }

    static Bytes le64(long v) {
        return new io.msgr2.spec.denc.DencWriter(8).u64(v).toBytes();
    }

    /** The plaintext frames of one direction: everything up to the point where secure mode starts. */
    static List<Frame> plainFrames(String capture, String conn, String file) {
        Bytes stream = Captures.resource("/vectors/" + capture + "/" + conn + "/" + file);
        FrameDecoder d = new FrameDecoder(Limits.DEFAULT, Allocator.HEAP);
        d.feed(stream);
        assertInstanceOf(Decoded.BannerDecoded.class, d.next());
        d.startFrames(true);
        List<Frame> out = new ArrayList<>();
        while (true) {
            Decoded next = d.next();
            if (!(next instanceof Decoded.FrameDecoded f)) {
                return out;
            }
            out.add(f.frame());
            if (f.frame() instanceof AuthDone a && a.mode().equals(ConnectionMode.SECURE)) {
                return out;
            }
            if (f.frame() instanceof AuthRequestMore && capture.contains("secure")) {
                return out;
            }
        }
    }

    static <T extends Frame> T first(List<Frame> frames, Class<T> type) {
        return frames.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow(() ->
                new AssertionError("no " + type.getSimpleName() + " in " + frames));
    }
}
