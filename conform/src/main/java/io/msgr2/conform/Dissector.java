package io.msgr2.conform;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dissector behind {@code msgr2 dump}: decodes both directions of a captured
 * conversation, one line per frame, in wire order per direction, every CRC checked.
 *
 * <p>Both directions start in crc mode, with msgr2.1 framing iff both banners say so. When
 * the server's AUTH_DONE picks secure mode, the server's frames after it are encrypted, and
 * so are the client's after as many auth frames as the server answered (the client sends
 * nothing between its last AUTH_REQUEST(_MORE) and AUTH_DONE). Without keys those stay
 * opaque, reported as a byte count. With a cephx secret ({@link Keys#key}) a mon session's
 * keys come out of its AUTH_DONE; a service session's come from its ticket's session key,
 * given ({@link Keys#sessionKey}) or found in the AUTH_DONE of the mon session that issued
 * it ({@link Keys#monSession}). Then every secure frame is decrypted, each line says "ok"
 * for a verified GCM tag, and each AUTH_SIGNATURE says whether it signs the bytes its sender
 * received.
 */
public final class Dissector {
    private Dissector() {}

    /**
     * One direction's lines, its frames, whether everything decoded, and where its plaintext
     * ends; {@code opaque}: why part of it could not be read (encrypted without keys, cut
     * inside a frame, empty), if so.
     */
    public record Direction(List<String> lines, List<Frame> frames, List<Span> spans, boolean ok, int authFrames,
                            boolean secure, int plainEnd, Optional<String> opaque) {}

    /** Where a decoded frame lies in its stream, and how it was framed. */
    public record Span(int offset, int size, io.msgr2.codec.frame.FrameInfo info) {}

    /** Both directions of one connection, decoded. */
    public record Conversation(Direction client, Direction server, Banner[] banners) {}

    /** Decodes a connection without keys: what every replay starts from. */
    public static Conversation decode(Connection c) {
        return decode(c, Optional.empty());
    }

    /** Decodes a connection, decrypting secure mode with {@code keys} if given. */
    public static Conversation decode(Connection c, Optional<SessionKeys> keys) {
        Banner[] banners = new Banner[2];
        Direction server = decode("S>C", c.serverToClient(), banners, 1, -1, false, keys);
        Direction client = decode("C>S", c.clientToServer(), banners, 0, server.authFrames(), server.secure(), keys,
                compressionOf(server));
        return new Conversation(client, server, banners);
    }

    /**
     * Dissects one connection: its lines (client direction, then server direction, then a
     * summary) and a verdict: verified (every byte decoded, every check passed), failed (a
     * check failed, or the bytes are not msgr2) or opaque (nothing failed, but part could not
     * be read: encrypted without keys, cut inside a frame, empty).
     */
    public static Dissection dump(Connection c, Keys given) {
        List<String> out = new ArrayList<>();
        if (c.clientToServer().isEmpty() && c.serverToClient().isEmpty()) {
            out.add("summary: the capture is empty: nothing to decode");
            return new Dissection(out, Dissection.Verdict.OPAQUE);
        }
        Conversation conv = decode(c);
        if (swapped(conv)) {
            out.add("summary: the two directions look swapped: the client-to-server bytes carry the server's frames "
                    + "(AUTH_DONE, SERVER_IDENT...) and the server-to-client bytes the client's (AUTH_REQUEST, "
                    + "CLIENT_IDENT...); give them the other way round");
            return new Dissection(out, Dissection.Verdict.FAILED);
        }
        Optional<SessionKeys> keys = Optional.empty();
        boolean ok = true;
        if (given.any()) {
            Either<String, SessionKeys> k = recover(given, conv.client().frames(), conv.server().frames());
            if (k.isLeft()) {
                out.add("KEYS cannot be recovered: " + k.getLeft());
                ok = false;
            } else {
                keys = Optional.of(k.get());
                k.get().notes().forEach(n -> out.add("KEYS " + n));
                conv = decode(c, keys);
                ok = checkSignatures(conv.client(), conv.server(), c.clientToServer(), c.serverToClient(), keys.get());
            }
        }
        Direction client = conv.client();
        Direction server = conv.server();
        out.addAll(client.lines());
        out.addAll(server.lines());
        ok &= client.ok() && server.ok();
        List<String> opaque = new ArrayList<>();
        client.opaque().ifPresent(o -> opaque.add("client: " + o));
        server.opaque().ifPresent(o -> opaque.add("server: " + o));
        if (!ok) {
            out.add("summary: errors above");
            return new Dissection(out, Dissection.Verdict.FAILED);
        }
        if (!opaque.isEmpty()) {
            out.add("summary: everything readable decoded and verified, but part stayed opaque: "
                    + String.join("; ", opaque));
            return new Dissection(out, Dissection.Verdict.OPAQUE);
        }
        final Optional<SessionKeys> k = keys;
        out.add("summary: every frame decoded, every CRC matched"
                + k.map(x -> x.connectionSecret().isEmpty() ? ", both AUTH_SIGNATUREs verified"
                        : ", every GCM tag and both AUTH_SIGNATUREs verified").orElse(""));
        return new Dissection(out, Dissection.Verdict.VERIFIED);
    }

    /* The session key and connection secret of this conversation, from the cephx exchange in it. */
    /**
     * Dissects every connection of a capture: for each, a header line (its name and how it
     * ended) and its lines; then the capture's warnings and one summary line. The verdict is
     * the worst of the connections' (a gap the pcap lacks makes a connection opaque).
     */
    public static Dissection dump(Capture capture, Keys given) {
        List<String> out = new ArrayList<>();
        if (capture.connections().isEmpty()) {
            capture.warnings().forEach(w -> out.add("warning: " + w));
            out.add("summary: the capture holds no msgr2 connection");
            return new Dissection(out, capture.notMsgr2() > 0 ? Dissection.Verdict.FAILED
                    : Dissection.Verdict.OPAQUE);
        }
        int failed = 0;
        int opaque = 0;
        for (Connection c : capture.connections()) {
            out.add("== " + c.name() + c.tcp().map(t -> " (" + ending(t) + ")").orElse(""));
            Dissection d = dump(c, given);
            out.addAll(d.lines());
            Dissection.Verdict v = d.verdict();
            if (v == Dissection.Verdict.VERIFIED && c.hasGaps()) {
                out.add("the pcap lacks bytes of this connection (lost or beyond the snapshot length)");
                v = Dissection.Verdict.OPAQUE;
            }
            failed += v == Dissection.Verdict.FAILED ? 1 : 0;
            opaque += v == Dissection.Verdict.OPAQUE ? 1 : 0;
        }
        capture.warnings().forEach(w -> out.add("warning: " + w));
        int n = capture.connections().size();
        if (failed > 0) {
            out.add(String.format("summary: %d msgr2 connections: %d with errors, %d partly opaque", n, failed,
                    opaque));
            return new Dissection(out, Dissection.Verdict.FAILED);
        }
        if (opaque > 0) {
            out.add(String.format("summary: %d msgr2 connections: no errors, but %d stayed partly opaque", n, opaque));
            return new Dissection(out, Dissection.Verdict.OPAQUE);
        }
        out.add(String.format("summary: %d msgr2 connections: every frame decoded, every check passed", n));
        return new Dissection(out, Dissection.Verdict.VERIFIED);
    }

    /** Whether the "client" direction holds only a server's frames and the "server" direction a client's. */
    static boolean swapped(Conversation conv) {
        return serverSide(conv.client().frames()) && clientSide(conv.server().frames())
                && !clientSide(conv.client().frames()) && !serverSide(conv.server().frames());
    }

    private static boolean clientSide(List<Frame> frames) {
        return frames.stream().anyMatch(f -> f instanceof AuthRequest || f instanceof io.msgr2.spec.frame.ClientIdent
                || f instanceof io.msgr2.spec.frame.SessionReconnect || f instanceof io.msgr2.spec.frame.AuthRequestMore);
    }

    private static boolean serverSide(List<Frame> frames) {
        return frames.stream().anyMatch(f -> f instanceof AuthDone || f instanceof io.msgr2.spec.frame.ServerIdent
                || f instanceof AuthReplyMore || f instanceof io.msgr2.spec.frame.AuthBadMethod
                || f instanceof io.msgr2.spec.frame.SessionReconnectOk);
    }

    static String ending(io.msgr2.conform.pcap.TcpConnection t) {
        return switch (t.ending()) {
            case io.msgr2.conform.pcap.TcpEnding.Open o -> "open at the end of the capture";
            case io.msgr2.conform.pcap.TcpEnding.Fin f -> "FIN from the " + f.by().name().toLowerCase();
            case io.msgr2.conform.pcap.TcpEnding.Reset r -> "RST from the " + r.by().name().toLowerCase();
        };
    }

    public static Either<String, SessionKeys> recover(Keys given, List<Frame> up, List<Frame> down) {
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
            if (given.key().isEmpty()) {
                return Either.left("a mon session's keys come from the client's secret: give --key BASE64");
            }
            CryptoKey key = given.key().get();
            Optional<CryptoKey> oldSession = earlierSession(given, key).map(CephxClient.Granted::sessionKey);
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
                return new SessionKeys(g.sessionKey().secret(), g.connectionSecret(), notes);
            });
        }
        Authorizer az = Authorizer.decode(new DencReader(req.get().payload()));
        Either<String, CryptoKey> session = serviceSessionKey(given, az);
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
            return new SessionKeys(sk.secret(), r.connectionSecret(), notes);
        });
    }

    /** A service ticket's session key: given, or found among the tickets of the mon session's AUTH_DONE. */
    static Either<String, CryptoKey> serviceSessionKey(Keys given, Authorizer az) {
        if (given.sessionKey().isPresent()) {
            return Either.right(given.sessionKey().get());
        }
        if (given.monSession().isEmpty()) {
            return Either.left("a service session's keys come from its ticket: give --session-key, or --key with "
                    + "--mon-client-to-server and --mon-server-to-client (the mon session that issued the ticket)");
        }
        if (given.key().isEmpty()) {
            return Either.left("the mon session's tickets open with the client's secret: give --key BASE64");
        }
        Optional<AuthDone> done = first(decode(given.monSession().get()).server().frames(), AuthDone.class);
        if (done.isEmpty()) {
            return Either.left("the mon session has no AUTH_DONE");
        }
        return CephxClient.readAuthDone(done.get().payload(), given.key().get(), Optional.empty())
                .flatMap(g -> g.tickets().stream()
                        .filter(t -> t.service().value() == az.serviceId() && t.blob().equals(az.ticket())).findFirst()
                        .map(t -> Either.<String, CryptoKey>right(t.sessionKey()))
                        .orElse(Either.left("the mon session issued no ticket matching the authorizer's")));
    }

    /**
     * A mon session that reclaims its global_id presents the AUTH ticket of an earlier one
     * (given as {@link Keys#monSession}); what that one granted.
     */
    static Optional<CephxClient.Granted> earlierSession(Keys given, CryptoKey key) {
        return given.monSession().flatMap(mon -> first(decode(mon).server().frames(), AuthDone.class))
                .flatMap(d -> CephxClient.readAuthDone(d.payload(), key, Optional.empty()).toJavaOptional());
    }

    /** The global_id the earlier mon session was given. */
    static long earlierGlobalId(Keys given) {
        return given.monSession().flatMap(mon -> first(decode(mon).server().frames(), AuthDone.class))
                .map(AuthDone::globalId).orElse(0L);
    }

    /**
     * Each side's AUTH_SIGNATURE must be the HMAC-SHA256, under the session key, of every
     * byte it received before secure mode (banner included); the lines get the verdict.
     */
    static boolean checkSignatures(Direction client, Direction server, Bytes c2s, Bytes s2c, SessionKeys keys) {
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

    /*
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

    static Direction decode(String dir, Bytes stream, Banner[] banners, int index, int plainAuthFrames,
                            boolean secureAfter, Optional<SessionKeys> keys) {
        return decode(dir, stream, banners, index, plainAuthFrames, secureAfter, keys, Optional.empty());
    }

    /**
     * {@code clientCompression}: the client's direction compresses with this method after its
     * COMPRESSION_REQUEST (the server's direction learns its method from its own DONE).
     */
    static Direction decode(String dir, Bytes stream, Banner[] banners, int index, int plainAuthFrames,
                            boolean secureAfter, Optional<SessionKeys> keys,
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
                            Optional<String> opaque = Optional.empty();
                            if (d.buffered() > 0) {
                                lines.add(String.format("%s ENCRYPTED %d bytes follow in %s mode (@0x%04x); "
                                        + "decrypting them needs the session keys (--key)", dir, d.buffered(), format,
                                        stream.length() - d.buffered()));
                                opaque = Optional.of(d.buffered() + " bytes of " + format
                                        + " stay encrypted (no keys)");
                            }
                            return new Direction(lines, frames, spans, true, authFrames, true, plainEnd, opaque);
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
                    return new Direction(lines, frames, spans, false, authFrames, secure, plainEnd,
                            Optional.empty());
                }
                case Received.Over o -> throw new AssertionError("a dissector stops at the first failure");
                case Received.AwaitingFraming w -> throw new AssertionError("the dissector decides the framing");
                case Received.NeedMore n -> {
                    Optional<String> opaque = Optional.empty();
                    if (d.buffered() > 0) {
                        lines.add(String.format("%s INCOMPLETE %d bytes at the end do not make a whole frame "
                                + "(@0x%04x)", dir, d.buffered(), offset));
                        opaque = Optional.of("the stream is cut inside a frame (" + d.buffered() + " bytes at 0x"
                                + Long.toHexString(offset) + ")");
                    }
                    return new Direction(lines, frames, spans, true, authFrames, secure, plainEnd, opaque);
                }
            }
        }
    }

    /** The first frame of {@code type} in a decoded direction. */
    public static <T extends Frame> Optional<T> first(List<Frame> frames, Class<T> type) {
        return frames.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Every frame of {@code type} in a decoded direction, in order. */
    public static <T extends Frame> List<T> all(List<Frame> frames, Class<T> type) {
        return frames.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
