package io.msgr2.examples;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.Limits;
import io.msgr2.codec.frame.Decoded;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.FrameText;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.Msgr2Features;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code msgr2 dump}: decodes both directions of a captured conversation and prints one
 * line per frame, in wire order per direction, every CRC checked.
 *
 * <p>Both directions start in crc mode, with msgr2.1 framing iff both banners say so. When
 * the server's AUTH_DONE picks secure mode, the server's frames after it are encrypted, and
 * so are the client's after as many auth frames as the server answered (the client sends
 * nothing between its last AUTH_REQUEST(_MORE) and AUTH_DONE). Without the keys those are
 * reported as a byte count.
 */
final class DumpCommand {
    private DumpCommand() {}

    /** One direction's lines, and whether everything in it decoded. */
    record Direction(List<String> lines, boolean ok, int authFrames, boolean secure) {}

    static int run(List<String> argv, PrintStream out) {
        Args args = new Args(argv, Set.of("client-to-server", "server-to-client"), Set.of());
        Bytes c2s = read(args.require("client-to-server"));
        Bytes s2c = read(args.require("server-to-client"));

        Banner[] banners = new Banner[2];
        Direction server = decode("S>C", s2c, banners, 1, -1);
        Direction client = decode("C>S", c2s, banners, 0, server.secure() ? server.authFrames() : -1);
        client.lines().forEach(out::println);
        server.lines().forEach(out::println);
        boolean ok = client.ok() && server.ok();
        out.println("summary: " + (ok ? "every frame decoded, every CRC matched" : "errors above"));
        return ok ? 0 : 1;
    }

    private static Bytes read(String file) {
        try {
            return Bytes.wrap(Files.readAllBytes(Path.of(file)));
        } catch (IOException e) {
            throw new Args.UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Decodes one direction. {@code plainAuthFrames} >= 0 means: after that many
     * AUTH_REQUEST(_MORE) frames the rest is encrypted (client direction of a secure session).
     */
    private static Direction decode(String dir, Bytes stream, Banner[] banners, int index, int plainAuthFrames) {
        List<String> lines = new ArrayList<>();
        FrameDecoder d = new FrameDecoder(Limits.DEFAULT, Allocator.HEAP);
        d.feed(stream);
        int authFrames = 0;
        while (true) {
            long offset = stream.length() - d.buffered();
            Decoded r = d.next();
            switch (r) {
                case Decoded.BannerDecoded b -> {
                    banners[index] = b.banner();
                    lines.add(String.format("%s BANNER supported=%s required=%s (@0x%04x, %d bytes)", dir,
                            Msgr2Features.describe(b.banner().supported()),
                            Msgr2Features.describe(b.banner().required()), offset, b.wire().length()));
                    Banner other = banners[1 - index];
                    boolean rev1 = b.banner().has(Msgr2Features.REVISION_1)
                            && (other == null || other.has(Msgr2Features.REVISION_1));
                    d.startFrames(rev1);
                }
                case Decoded.FrameDecoded f -> {
                    lines.add(String.format("%s %s %s %s (@0x%04x, %d bytes)", dir, f.frame().tag(),
                            FrameText.lengths(f.info().wireLengths()), FrameText.fields(f.frame()), offset,
                            f.info().wireSize()));
                    Tag t = f.frame().tag();
                    if (t == Tag.AUTH_REPLY_MORE || t == Tag.AUTH_BAD_METHOD || t == Tag.AUTH_DONE
                            || t == Tag.AUTH_REQUEST || t == Tag.AUTH_REQUEST_MORE) {
                        authFrames++;
                    }
                    boolean secureNow = f.frame() instanceof AuthDone done && done.mode().equals(ConnectionMode.SECURE)
                            || plainAuthFrames >= 0 && authFrames == plainAuthFrames;
                    if (secureNow) {
                        if (d.buffered() > 0) {
                            lines.add(String.format("%s ENCRYPTED %d bytes follow in %s mode (@0x%04x); "
                                    + "decrypting them needs the session keys", dir, d.buffered(),
                                    d.format().rev1() ? "msgr2.1-secure" : "msgr2.0-secure",
                                    stream.length() - d.buffered()));
                        }
                        return new Direction(lines, true, authFrames, true);
                    }
                }
                case Decoded.FrameAborted a -> lines.add(String.format("%s %s %s ABORTED by the sender (@0x%04x)", dir,
                        a.info().tag(), FrameText.lengths(a.info().wireLengths()), offset));
                case Decoded.Failed e -> {
                    lines.add(String.format("%s %s ERROR %s: %s (@0x%04x)", dir,
                            e.error().tag().map(Tag::name).orElse("?"), e.error().kind(), e.error().detail(), offset));
                    return new Direction(lines, false, authFrames, false);
                }
                case Decoded.NeedMore n -> {
                    boolean ok = d.buffered() == 0;
                    if (!ok) {
                        lines.add(String.format("%s INCOMPLETE %d bytes at the end do not make a whole frame "
                                + "(@0x%04x)", dir, d.buffered(), offset));
                    }
                    return new Direction(lines, ok, authFrames, false);
                }
            }
        }
    }
}
