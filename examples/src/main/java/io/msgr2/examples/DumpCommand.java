package io.msgr2.examples;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.Limits;
import io.msgr2.codec.endpoint.Received;
import io.msgr2.codec.endpoint.Receiver;
import io.msgr2.spec.Role;
import io.msgr2.spec.auth.cephx.Authorizer;
import io.msgr2.spec.auth.cephx.CephxClient;
import io.msgr2.spec.auth.cephx.CephxCrypto;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.ServiceTicketReply;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.Transcript;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthReplyMore;
import io.msgr2.spec.frame.AuthRequest;
import io.msgr2.spec.frame.AuthSignature;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.FrameText;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.Msgr2Features;
import io.msgr2.spec.wire.UTime;
import io.vavr.control.Either;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code msgr2 dump}: decodes both directions of a captured conversation and prints one
 * line per frame, in wire order per direction, every CRC checked.
 *
 * <p>Both directions start in crc mode, with msgr2.1 framing iff both banners say so. When
 * the server's AUTH_DONE picks secure mode, the server's frames after it are encrypted, and
 * so are the client's after as many auth frames as the server answered (the client sends
 * nothing between its last AUTH_REQUEST(_MORE) and AUTH_DONE). Without keys those are
 * reported as a byte count. With {@code --key} (the client's cephx secret) a mon session's
 * keys come out of its AUTH_DONE; a service session's come from its ticket's session key,
 * given with {@code --session-key} or found in the AUTH_DONE of the mon session
 * ({@code --mon-client-to-server}, {@code --mon-server-to-client}). Then every secure frame
 * is decrypted, each line says "ok" for a verified GCM tag, and each AUTH_SIGNATURE says
 * whether it signs the bytes its sender received.
 */
final class DumpCommand {
    private DumpCommand() {}

    /** One direction's lines, its frames, whether everything decoded, and where its plaintext ends. */
    record Direction(List<String> lines, List<Frame> frames, List<Span> spans, boolean ok, int authFrames,
                     boolean secure, int plainEnd) {}

    /** Where a decoded frame lies in its stream, and how it was framed. */
    record Span(int offset, int size, io.msgr2.codec.frame.FrameInfo info) {}

    /** What a conversation's keys are: AUTH_SIGNATURE's HMAC key and the connection secret. */
    record Keys(Bytes sessionKey, Bytes connectionSecret, List<String> notes) {}

    static int run(List<String> argv, PrintStream out) {
        Args args = new Args(argv, Set.of("client-to-server", "server-to-client", "key", "session-key",
                "mon-client-to-server", "mon-server-to-client"), Set.of());
        Bytes c2s = read(args.require("client-to-server"));
        Bytes s2c = read(args.require("server-to-client"));

        Banner[] banners = new Banner[2];
        Direction server = decode("S>C", s2c, banners, 1, -1, false, Optional.empty());
        Direction client = decode("C>S", c2s, banners, 0, server.authFrames(), server.secure(), Optional.empty(),
                compressionOf(server));
        boolean wantKeys = args.get("key").isPresent() || args.get("session-key").isPresent();
        Optional<Keys> keys = Optional.empty();
        boolean ok = true;
        if (wantKeys) {
            Either<String, Keys> k = recover(args, client.frames(), server.frames());
            if (k.isLeft()) {
                out.println("KEYS cannot be recovered: " + k.getLeft());
                ok = false;
            } else {
                keys = Optional.of(k.get());
                k.get().notes().forEach(n -> out.println("KEYS " + n));
                Banner[] again = new Banner[2];
                server = decode("S>C", s2c, again, 1, -1, false, keys);
                client = decode("C>S", c2s, again, 0, server.authFrames(), server.secure(), keys, compressionOf(server));
                ok = checkSignatures(client, server, c2s, s2c, keys.get());
            }
        }
        client.lines().forEach(out::println);
        server.lines().forEach(out::println);
        ok &= client.ok() && server.ok();
        out.println("summary: " + (ok ? "every frame decoded, every CRC matched"
                + keys.map(k -> k.connectionSecret().isEmpty() ? ", both AUTH_SIGNATUREs verified"
                        : ", every GCM tag and both AUTH_SIGNATUREs verified").orElse("") : "errors above"));
        return ok ? 0 : 1;
    }

    static Bytes read(String file) {
        try {
            return Bytes.wrap(Files.readAllBytes(Path.of(file)));
        } catch (IOException e) {
            throw new Args.UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The session key and connection secret of this conversation, from the cephx exchange in it. */
    static Either<String, Keys> recover(Args args, List<Frame> up, List<Frame> down) {
        Optional<AuthRequest> req = first(up, AuthRequest.class);
        Optional<AuthDone> done = first(down, AuthDone.class);
        if (req.isEmpty() || done.isEmpty()) {
            return Either.left("the conversation has no AUTH_REQUEST and AUTH_DONE");
        }
        if (!req.get().method().equals(AuthMethod.CEPHX) || req.get().payload().isEmpty()) {
            return Either.left("the conversation authenticated with " + req.get().method() + ", not cephx");
        }
        int mode = req.get().payload().u8(0);
        if (mode >= 10 && mode <= 19) {
            CryptoKey key = key(args.get("key").orElseThrow(() -> new Args.UsageException(
                    "a mon session's keys come from the client's secret: give --key BASE64")));
            Optional<CryptoKey> oldSession = earlierSession(args, key).map(CephxClient.Granted::sessionKey);
            return CephxClient.readAuthDone(done.get().payload(), key, oldSession).map(g -> {
                List<String> notes = new ArrayList<>();
                notes.add("mon session of global_id " + done.get().globalId() + ": AUTH session key "
                        + g.sessionKey().secret().hex() + " (from AUTH_DONE, opened with the client's key)");
                for (ServiceTicketReply.Entry e : g.tickets()) {
                    notes.add("ticket for " + e.service().cephName() + ": session key " + e.sessionKey().secret().hex()
                            + ", secret_id " + e.blob().secretId() + ", valid " + e.validity().secondsUnsigned() + " s");
                }
                notes.add(g.connectionSecret().isEmpty() ? "no connection secret (crc mode)"
                        : "connection secret " + g.connectionSecret().hex());
                return new Keys(g.sessionKey().secret(), g.connectionSecret(), notes);
            });
        }
        Authorizer az = Authorizer.decode(new DencReader(req.get().payload()));
        Either<String, CryptoKey> session = serviceSessionKey(args, az);
        if (session.isLeft()) {
            return Either.left(session.getLeft());
        }
        CryptoKey sk = session.get();
        List<String> notes = new ArrayList<>();
        notes.add("service session of global_id " + az.globalId() + " to service " + az.serviceId() + ": ticket session key "
                + sk.secret().hex());
        Either<String, Authorizer.Authorize> first = az.open(sk);
        if (first.isLeft()) {
            return Either.left("the authorizer does not open with that session key: " + first.getLeft());
        }
        notes.add("authorizer nonce 0x" + Long.toHexString(first.get().nonce()));
        first(down, AuthReplyMore.class).ifPresent(m -> Authorizer.openChallenge(sk, m.payload())
                .peek(c -> notes.add("the service's challenge 0x" + Long.toHexString(c))));
        return CephxCrypto.decrypt(sk, io.msgr2.spec.auth.cephx.KeyUsage.AUTHORIZE_REPLY, new DencReader(done.get().payload())).flatMap(Authorizer.Reply::decode).map(r -> {
            notes.add("authorizer reply nonce+1 " + (r.noncePlusOne() == first.get().nonce() + 1 ? "ok" : "WRONG"));
            notes.add(r.connectionSecret().isEmpty() ? "no connection secret (crc mode)"
                    : "connection secret " + r.connectionSecret().hex());
            return new Keys(sk.secret(), r.connectionSecret(), notes);
        });
    }

    /** A service ticket's session key: given, or found among the tickets of the mon session's AUTH_DONE. */
    static Either<String, CryptoKey> serviceSessionKey(Args args, Authorizer az) {
        if (args.get("session-key").isPresent()) {
            String s = args.get("session-key").get().trim();
            if (s.matches("[0-9a-fA-F]{32}")) {
                return Either.right(CryptoKey.aes(Bytes.wrap(HexFormat.of().parseHex(s)), UTime.ZERO));
            }
            return Either.right(key(s));
        }
        if (args.get("mon-client-to-server").isEmpty() || args.get("mon-server-to-client").isEmpty()) {
            return Either.left("a service session's keys come from its ticket: give --session-key, or --key with "
                    + "--mon-client-to-server and --mon-server-to-client (the mon session that issued the ticket)");
        }
        CryptoKey key = key(args.get("key").orElseThrow(() -> new Args.UsageException(
                "the mon session's tickets open with the client's secret: give --key BASE64")));
        Banner[] banners = new Banner[2];
        Direction monDown = decode("S>C", read(args.get("mon-server-to-client").get()), banners, 1, -1, false,
                Optional.empty());
        Optional<AuthDone> done = first(monDown.frames(), AuthDone.class);
        if (done.isEmpty()) {
            return Either.left("the mon session has no AUTH_DONE");
        }
        return CephxClient.readAuthDone(done.get().payload(), key, Optional.empty()).flatMap(g -> g.tickets().stream()
                .filter(t -> t.service().value() == az.serviceId() && t.blob().equals(az.ticket())).findFirst()
                .map(t -> Either.<String, CryptoKey>right(t.sessionKey()))
                .orElse(Either.left("the mon session issued no ticket matching the authorizer's")));
    }

    /**
     * A mon session that reclaims its global_id presents the AUTH ticket of an earlier one
     * (given as {@code --mon-client-to-server/--mon-server-to-client}); what that one granted.
     */
    static Optional<CephxClient.Granted> earlierSession(Args args, CryptoKey key) {
        if (args.get("mon-client-to-server").isEmpty() || args.get("mon-server-to-client").isEmpty()) {
            return Optional.empty();
        }
        Banner[] banners = new Banner[2];
        Direction down = decode("S>C", read(args.get("mon-server-to-client").get()), banners, 1, -1, false,
                Optional.empty());
        return first(down.frames(), AuthDone.class)
                .flatMap(d -> CephxClient.readAuthDone(d.payload(), key, Optional.empty()).toJavaOptional());
    }

    /** The global_id the earlier mon session was given. */
    static long earlierGlobalId(Args args) {
        Banner[] banners = new Banner[2];
        Direction down = decode("S>C", read(args.get("mon-server-to-client").get()), banners, 1, -1, false,
                Optional.empty());
        return first(down.frames(), AuthDone.class).map(AuthDone::globalId).orElse(0L);
    }

    static CryptoKey key(String b64) {
        return CryptoKey.fromBase64(b64).filter(CryptoKey::usable)
                .orElseThrow(() -> new Args.UsageException("not a base64 cephx key: " + b64));
    }

    /**
     * Each side's AUTH_SIGNATURE must be the HMAC-SHA256, under the session key, of every
     * byte it received before secure mode (banner included); the lines get the verdict.
     */
    static boolean checkSignatures(Direction client, Direction server, Bytes c2s, Bytes s2c, Keys keys) {
        boolean ok = true;
        ok &= mark(client, Transcript.EMPTY.onReceived(s2c.slice(0, server.plainEnd())).signReceived(keys.sessionKey()));
        ok &= mark(server, Transcript.EMPTY.onReceived(c2s.slice(0, client.plainEnd())).signReceived(keys.sessionKey()));
        return ok;
    }

    private static boolean mark(Direction d, Bytes expected) {
        for (int i = 0; i < d.lines().size(); i++) {
            String line = d.lines().get(i);
            if (line.contains(" AUTH_SIGNATURE ")) {
                AuthSignature sig = first(d.frames(), AuthSignature.class).orElseThrow();
                boolean good = sig.signature().equals(expected);
                d.lines().set(i, line + (good ? ", signature ok" : ", signature WRONG"));
                return good;
            }
        }
        return true;
    }

    /**
     * Decodes one direction. {@code plainAuthFrames} >= 0 means: the pre-auth bytes end after
     * that many AUTH_REQUEST(_MORE) frames (client direction), and the rest is encrypted when
     * {@code secureAfter} (a secure session).
     */
    /** The method the server's COMPRESSION_DONE chose, if it chose one. */
    static Optional<io.msgr2.spec.wire.CompressionMethod> compressionOf(Direction server) {
        return first(server.frames(), io.msgr2.spec.frame.CompressionDone.class)
                .filter(io.msgr2.spec.frame.CompressionDone::compress)
                .map(io.msgr2.spec.frame.CompressionDone::method);
    }

    private static Direction decode(String dir, Bytes stream, Banner[] banners, int index, int plainAuthFrames,
                                    boolean secureAfter, Optional<Keys> keys) {
        return decode(dir, stream, banners, index, plainAuthFrames, secureAfter, keys, Optional.empty());
    }

    /**
     * {@code clientCompression}: the client's direction compresses with this method after its
     * COMPRESSION_REQUEST (the server's direction learns its method from its own DONE).
     */
    static Direction decode(String dir, Bytes stream, Banner[] banners, int index, int plainAuthFrames,
                                    boolean secureAfter, Optional<Keys> keys,
                                    Optional<io.msgr2.spec.wire.CompressionMethod> clientCompression) {
        List<String> lines = new ArrayList<>();
        List<Frame> frames = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        Role receiver = index == 1 ? Role.CLIENT : Role.SERVER;
        Receiver d = Receiver.of(receiver, Limits.DEFAULT, Allocator.HEAP);
        d.control(new Effect.StopCapture()); // a dissector needs no frame's exact bytes
        d.feed(stream);
        int authFrames = 0;
        boolean secure = false;
        int plainEnd = -1;
        while (true) {
            long offset = stream.length() - d.buffered();
            switch (d.next()) {
                case Received.Banner r -> {
                    Input.BannerReceived b = r.received();
                    banners[index] = b.banner();
                    lines.add(String.format("%s BANNER supported=%s required=%s (@0x%04x, %d bytes)", dir,
                            Msgr2Features.describe(b.banner().supported()),
                            Msgr2Features.describe(b.banner().required()), offset, b.wire().length()));
                    Banner other = banners[1 - index];
                    boolean rev1 = b.banner().has(Msgr2Features.REVISION_1)
                            && (other == null || other.has(Msgr2Features.REVISION_1));
                    d.control(new Effect.StartFraming(rev1));
                }
                case Received.Frame f -> {
                    Frame frame = f.received().frame();
                    frames.add(frame);
                    spans.add(new Span((int) offset, (int) f.info().wireSize(), f.info()));
                    String packed = f.info().compressed() ? String.format(" compressed=%s wire %s plain %s",
                            d.compression().map(Object::toString).orElse("?"), f.info().wireLengths(),
                            f.info().plainLengths()) : "";
                    lines.add(String.format("%s %s %s %s (@0x%04x, %d bytes)%s%s", dir, frame.tag(),
                            FrameText.lengths(f.info().plainLengths()), FrameText.fields(frame), offset,
                            f.info().wireSize(), packed, secure ? " gcm ok" : ""));
                    if (frame instanceof io.msgr2.spec.frame.CompressionDone cd && cd.compress()
                            && d.compression().isEmpty()) {
                        d.control(new Effect.InstallCompression(cd.method(), 0));
                    }
                    if (frame instanceof io.msgr2.spec.frame.CompressionRequest && clientCompression.isPresent()
                            && d.compression().isEmpty()) {
                        d.control(new Effect.InstallCompression(clientCompression.get(), 0));
                    }
                    Tag t = frame.tag();
                    if (t == Tag.AUTH_REPLY_MORE || t == Tag.AUTH_BAD_METHOD || t == Tag.AUTH_DONE
                            || t == Tag.AUTH_REQUEST || t == Tag.AUTH_REQUEST_MORE) {
                        authFrames++;
                    }
                    boolean endsPlain = frame instanceof AuthDone
                            || plainAuthFrames >= 0 && authFrames == plainAuthFrames;
                    if (endsPlain && plainEnd < 0) {
                        plainEnd = (int) (stream.length() - d.buffered());
                    }
                    boolean secureNow = !secure && (frame instanceof AuthDone done
                            && done.mode().equals(ConnectionMode.SECURE)
                            || secureAfter && authFrames == plainAuthFrames);
                    if (secureNow) {
                        String format = d.format().rev1() ? "msgr2.1-secure" : "msgr2.0-secure";
                        if (keys.isEmpty() || keys.get().connectionSecret().isEmpty()) {
                            if (d.buffered() > 0) {
                                lines.add(String.format("%s ENCRYPTED %d bytes follow in %s mode (@0x%04x); "
                                        + "decrypting them needs the session keys (--key)", dir, d.buffered(), format,
                                        stream.length() - d.buffered()));
                            }
                            return new Direction(lines, frames, spans, true, authFrames, true, plainEnd);
                        }
                        d.control(new Effect.InstallSecure(keys.get().connectionSecret()));
                        lines.add(String.format("%s SECURE from here (%s, AES-128-GCM keyed from the connection secret)",
                                dir, format));
                        secure = true;
                    }
                }
                case Received.Aborted a -> lines.add(String.format("%s %s %s ABORTED by the sender (@0x%04x)", dir,
                        a.info().tag(), FrameText.lengths(a.info().wireLengths()), offset));
                case Received.Malformed e -> {
                    lines.add(String.format("%s %s ERROR %s: %s (@0x%04x)", dir,
                            e.error().tag().map(Tag::name).orElse("?"), e.error().kind(), e.error().detail(), offset));
                    return new Direction(lines, frames, spans, false, authFrames, secure, plainEnd);
                }
                case Received.Over o -> throw new AssertionError("a dissector stops at the first failure");
                case Received.AwaitingFraming w -> throw new AssertionError("the dissector decides the framing");
                case Received.NeedMore n -> {
                    boolean ok = d.buffered() == 0;
                    if (!ok) {
                        lines.add(String.format("%s INCOMPLETE %d bytes at the end do not make a whole frame "
                                + "(@0x%04x)", dir, d.buffered(), offset));
                    }
                    return new Direction(lines, frames, spans, ok, authFrames, secure, plainEnd);
                }
            }
        }
    }

    /** The first frame of {@code type} in a decoded direction. */
    static <T extends Frame> Optional<T> first(List<Frame> frames, Class<T> type) {
        return frames.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Every frame of {@code type} in a decoded direction, in order. */
    static <T extends Frame> List<T> all(List<Frame> frames, Class<T> type) {
        return frames.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
