package io.msgr2.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.msgr2.codec.frame.ConnectionSecret;
import io.msgr2.codec.frame.Decoded;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.codec.frame.FrameFormat;
import io.msgr2.spec.Role;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthSignature;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known answers for msgr2.1 secure mode from a real Pacific conversation
 * ({@code vectors/pacific-f-cephx-osd-secure}): with the connection secret and session key
 * that cephx produced (listed in its verify.txt), every frame after AUTH_DONE decrypts with
 * its GCM tag verified, both AUTH_SIGNATUREs are the HMAC of the recorded pre-auth bytes,
 * and re-encoding the decoded frames with the same secret reproduces the ciphertext.
 */
class SecureCaptureTest {
    /** One direction: its frames, its plaintext pre-auth pieces (banner first), and its re-encoding. */
    record Side(List<Frame> frames, List<Item> preAuth, Bytes reEncoded) {}

    record Item(Optional<Tag> tag, Bytes wire) {}

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // conn, connection secret (from AUTH_DONE), session key (signs AUTH_SIGNATURE)
        "mon, 90e4f856fbe0a5860f2a82c9ce06816e7031d4764d1afded08fa26c04dc760a2d7006bbb5ce395332dc91492cd0e6aa8a070884640c46dfa9c9c81727cc020d0, 5801c2c07afeca887a7f22a8d92b9cd2",
        "osd, 15c15ffc26b67886b2edca0ff45f97dff62ed5fee4a3105980ce523ccde86b548068c576f9251ec9da469527ce89aee08d5dbb51361152df3dd732d879ee410c, ee90b9ab36f49316db99d37e7949a4f6",
    })
    void decryptsVerifiesAndReEncodesBothDirections(String conn, String secretHex, String sessionKeyHex) {
        Bytes secret = Bytes.fromHex(secretHex);
        Bytes sessionKey = Bytes.fromHex(sessionKeyHex);
        String dir = "/vectors/pacific-f-cephx-osd-secure/" + conn + "/";
        Bytes c2s = Captures.resource(dir + "client-to-server.bin");
        Bytes s2c = Captures.resource(dir + "server-to-client.bin");

        // The server's stream: plaintext through AUTH_DONE, then secure. Count its auth replies:
        // the client sent exactly that many plaintext auth frames before going secure.
        Side fromServer = decode(s2c, secret, Role.SERVER, -1);
        int serverAuthReplies = (int) fromServer.frames().stream()
                .filter(f -> f.tag() == Tag.AUTH_REPLY_MORE || f.tag() == Tag.AUTH_BAD_METHOD || f.tag() == Tag.AUTH_DONE)
                .count();
        Side fromClient = decode(c2s, secret, Role.CLIENT, serverAuthReplies);

        // What each side recorded: the client sent all its pre-auth bytes before AUTH_DONE
        // arrived; the server received all of them before it sent AUTH_DONE.
        PreAuthTranscript client = new PreAuthTranscript();
        PreAuthTranscript server = new PreAuthTranscript();
        fromClient.preAuth().forEach(i -> client.onSent(i.tag(), i.wire()));
        fromClient.preAuth().forEach(i -> server.onReceived(i.tag(), i.wire()));
        fromServer.preAuth().forEach(i -> client.onReceived(i.tag(), i.wire()));
        fromServer.preAuth().forEach(i -> server.onSent(i.tag(), i.wire()));

        assertEquals(s2c, fromServer.reEncoded());
        assertEquals(c2s, fromClient.reEncoded());
        AuthSignature serverSig = first(fromServer.frames(), AuthSignature.class);
        AuthSignature clientSig = first(fromClient.frames(), AuthSignature.class);
        assertEquals(server.ourSignature(sessionKey), serverSig.signature());
        assertEquals(client.expectedPeerSignature(sessionKey), serverSig.signature());
        assertEquals(client.ourSignature(sessionKey), clientSig.signature());
        assertEquals(server.expectedPeerSignature(sessionKey), clientSig.signature());
        assertEquals(ConnectionMode.SECURE, first(fromServer.frames(), AuthDone.class).mode());
    }

    /**
     * Decodes one direction sent by {@code sender}, keeping its plaintext pieces, switching
     * to secure mode after AUTH_DONE (server stream) or after {@code plainAuthFrames} auth
     * frames (client stream); re-encodes as it goes.
     */
    private static Side decode(Bytes stream, Bytes secret, Role sender, int plainAuthFrames) {
        FrameDecoder d = new FrameDecoder(Limits.DEFAULT, Allocator.HEAP);
        d.captureWire(true);
        d.feed(stream);
        Decoded.BannerDecoded b = assertInstanceOf(Decoded.BannerDecoded.class, d.next());
        List<Item> preAuth = new ArrayList<>(List.of(new Item(Optional.empty(), b.wire())));
        d.startFrames(true);
        FrameEncoder enc = new FrameEncoder(true);
        List<Frame> frames = new ArrayList<>();
        List<Bytes> out = new ArrayList<>(List.of(BannerCodec.encode(new io.msgr2.spec.wire.Banner(1, 0))));
        int authFrames = 0;
        while (true) {
            Decoded next = d.next();
            if (next instanceof Decoded.NeedMore) {
                assertEquals(0, d.buffered());
                return new Side(frames, preAuth, Bytes.concat(out.toArray(Bytes[]::new)));
            }
            Decoded.FrameDecoded f = assertInstanceOf(Decoded.FrameDecoded.class, next, () -> "got " + next);
            frames.add(f.frame());
            out.add(assertInstanceOf(EncodeResult.Encoded.class, enc.encode(f.frame())).wire().toBytes());
            if (d.format() == FrameFormat.REV1_CRC) {
                preAuth.add(new Item(Optional.of(f.frame().tag()), f.wire()));
            }
            Tag t = f.frame().tag();
            boolean last = sender == Role.SERVER ? t == Tag.AUTH_DONE
                    : (t == Tag.AUTH_REQUEST || t == Tag.AUTH_REQUEST_MORE) && ++authFrames == plainAuthFrames;
            if (last) {
                d.installSecure(ConnectionSecret.rx(secret, sender.peer(), true));
                enc.installSecure(ConnectionSecret.tx(secret, sender, true));
            }
        }
    }

    private static <T extends Frame> T first(List<Frame> frames, Class<T> type) {
        return frames.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseGet(() -> fail("no " + type.getSimpleName()));
    }
}
