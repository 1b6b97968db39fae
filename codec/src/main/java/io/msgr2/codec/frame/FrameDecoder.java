package io.msgr2.codec.frame;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.BannerCodec;
import io.msgr2.codec.Crc32c;
import io.msgr2.codec.DecodeError;
import io.msgr2.spec.frame.DecodeFailure;
import io.msgr2.codec.Limits;
import io.msgr2.codec.payload.Payloads;
import io.msgr2.codec.payload.Segments;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bytes to banner and frames for one direction of one connection, incrementally.
 *
 * <p>Feed bytes as they arrive with {@link #feed}, in chunks of any size, then call
 * {@link #next} until it says {@link Decoded.NeedMore}. The stream starts with the peer's
 * banner; after it, the caller says which framing revision the banners chose
 * ({@link #startFrames}) and, after AUTH_DONE, installs the receive cipher for secure mode
 * ({@link #installSecure}). Frames are decoded one per call, so such a switch applies
 * exactly from the next frame on, even when its bytes have already arrived.
 *
 * <p>Nothing the peer sends makes it throw or allocate beyond the {@link Limits}: every
 * length comes from a preamble whose CRC (or GCM tag) was checked, is checked against the
 * limits before a byte is reserved for it, and every buffer comes from the
 * {@link Allocator}. The first error is final.
 */
public final class FrameDecoder {
    private enum Phase { BANNER, AWAIT_REVISION, FRAMES }

    private final Limits limits;
    private final Allocator alloc;
    private final ByteQueue queue;
    private Phase phase = Phase.BANNER;
    private boolean rev1;
    private FrameCipher cipher;
    private boolean captureWire;
    private boolean loaned;
    private Head head;
    private Decoded.Failed failure;

    public FrameDecoder(Limits limits, Allocator alloc) {
        this.limits = limits;
        this.alloc = alloc;
        this.queue = new ByteQueue(alloc);
    }

    /** A decoder for a stream that starts with frames (tests, tools). */
    public static FrameDecoder framesOnly(boolean rev1, Limits limits, Allocator alloc) {
        FrameDecoder d = new FrameDecoder(limits, alloc);
        d.startFrames(rev1);
        return d;
    }

    /** Hands over received bytes; the caller must not change them afterwards. */
    public void feed(Bytes chunk) {
        queue.add(chunk);
    }

    /** After the banner (or with no banner at all): frames follow in msgr2.1 ({@code rev1}) or msgr2.0 framing. */
    public void startFrames(boolean rev1) {
        if (phase == Phase.FRAMES || framingDecided) {
            throw new IllegalStateException("framing already started");
        }
        this.rev1 = rev1;
        this.phase = Phase.FRAMES;
    }

    /**
     * What a driver calls for the spec's StartFraming: before the banner has been decoded (a
     * pipelining client decides in advance) it takes effect right after the banner; after it,
     * it is {@link #startFrames}.
     */
    public void decideFraming(boolean rev1) {
        if (phase == Phase.BANNER && !framingDecided) {
            this.rev1 = rev1;
            this.framingDecided = true;
        } else {
            startFrames(rev1);
        }
    }

    private boolean framingDecided;

    private io.msgr2.codec.compress.OnWireCompressor decompressor;

    /** On-wire compression negotiated: frames flagged compressed are decompressed (within the limits) from now on. */
    public void installCompression(io.msgr2.spec.wire.CompressionMethod method) {
        this.decompressor = io.msgr2.codec.compress.OnWireCompressor.of(method)
                .orElseThrow(() -> new IllegalArgumentException("no on-wire compressor for " + method));
    }

    /** The method compressed frames are decompressed with, if one was installed. */
    public java.util.Optional<io.msgr2.spec.wire.CompressionMethod> compression() {
        return java.util.Optional.ofNullable(decompressor).map(io.msgr2.codec.compress.OnWireCompressor::method);
    }

    /** Secure mode from the next frame on. */
    public void installSecure(FrameCipher rx) {
        if (phase != Phase.FRAMES || rx.rev1() != rev1) {
            throw new IllegalStateException("secure mode needs started framing of the same revision");
        }
        this.cipher = rx;
    }

    /**
     * The fed chunks and the {@link Allocator}'s buffers are loaned: the caller reuses them once
     * the frames decoded so far have been handled. Only MESSAGE segments are then handed out as
     * views of them; the decrypted preamble block a frame in progress holds comes from the
     * heap. (Whatever the mode, the banner, captured wire bytes and control frames' segments are
     * copied into arrays of their own: the spec keeps some of them, and they are small. So once
     * secure mode is on, nothing decoded is a view of a fed chunk, and a transport may reuse its
     * read arrays even when the application owns what it is given.)
     */
    public void loaned(boolean on) {
        this.loaned = on;
    }

    /** While on, each decoded banner and crc-mode frame comes with its exact bytes. */
    public void captureWire(boolean on) {
        this.captureWire = on;
    }

    public FrameFormat format() {
        return FrameFormat.of(rev1, cipher != null);
    }

    /** Bytes received and not yet decoded. */
    public long buffered() {
        return queue.available();
    }

    /**
     * The bytes received and not yet decoded ({@link #buffered} of them) have been copied to
     * {@code same}, and the decoder reads them from there from now on: a transport moving a
     * frame in progress into a buffer large enough for the whole frame, so that its segments
     * are views of one buffer rather than copies joined from several.
     */
    public void rebase(Bytes same) {
        queue.replace(same);
    }

    private static final Decoded AWAITING_FRAMING = new Decoded.AwaitingFraming();

    public Decoded next() {
        if (failure != null) {
            return failure;
        }
        return switch (phase) {
            case BANNER -> banner();
            case AWAIT_REVISION -> AWAITING_FRAMING;
            case FRAMES -> frame();
        };
    }

    private Decoded banner() {
        if (queue.available() < BannerCodec.PREFIX_SIZE) {
            return new Decoded.NeedMore(BannerCodec.PREFIX_SIZE - queue.available());
        }
        Bytes prefix = queue.peek(BannerCodec.PREFIX_SIZE);
        if (!prefix.slice(0, BannerCodec.MAGIC.length()).equals(BannerCodec.MAGIC)) {
            return prefix.slice(0, BannerCodec.MSGR1_MAGIC.length()).equals(BannerCodec.MSGR1_MAGIC)
                    ? fail(DecodeFailure.MSGR1_BANNER, "the peer speaks msgr1")
                    : fail(DecodeFailure.BAD_BANNER, "not a msgr2 banner: " + prefix.hex());
        }
        int len = prefix.u8(8) | prefix.u8(9) << 8;
        if (len < BannerCodec.PAYLOAD_SIZE) {
            return fail(DecodeFailure.SHORT_BANNER_PAYLOAD, "banner payload of " + len + " bytes");
        }
        if (queue.available() < BannerCodec.PREFIX_SIZE + len) {
            return new Decoded.NeedMore(BannerCodec.PREFIX_SIZE + len - queue.available());
        }
        Bytes wire = owned(queue.take(BannerCodec.PREFIX_SIZE + len));
        phase = framingDecided ? Phase.FRAMES : Phase.AWAIT_REVISION;
        return new Decoded.BannerDecoded(new Banner(le64(wire, 10), le64(wire, 18)), wire);
    }

    /** A frame whose preamble has been read and checked. */
    private record Head(Preamble preamble, Tag tag, int n, int[] lengths, FrameFormat format, long wireSize,
                        int consumed, Bytes inline) {
        FrameInfo info() {
            List<Integer> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                l.add(lengths[i]);
            }
            return new FrameInfo(tag, format, l, preamble.flags(), wireSize);
        }
    }

    private Decoded frame() {
        if (head == null) {
            Either<Decoded, Head> h = readHead();
            if (h.isLeft()) {
                return h.getLeft();
            }
            head = h.get();
        }
        long need = head.wireSize - head.consumed;
        if (queue.available() < need) {
            return new Decoded.NeedMore(need - queue.available());
        }
        Head h = head;
        head = null;
        Bytes wire = captureWire && !h.format.secure() ? owned(queue.peek((int) h.wireSize)) : Bytes.EMPTY;
        Either<Decoded, List<Bytes>> body = switch (h.format) {
            case REV1_CRC -> rev1Crc(h);
            case REV0_CRC -> rev0Crc(h);
            case REV1_SECURE -> rev1Secure(h);
            case REV0_SECURE -> rev0Secure(h);
        };
        if (body.isLeft()) {
            return body.getLeft();
        }
        List<Bytes> segs = body.get();
        FrameInfo info = h.info();
        if (h.preamble.compressed()) {
            List<Bytes> plain = new ArrayList<>(segs.size());
            List<Integer> plainLengths = new ArrayList<>();
            for (int i = 0; i < segs.size(); i++) {
                Bytes seg = segs.get(i);
                if (seg.isEmpty()) {
                    plain.add(seg);
                } else {
                    Either<String, Bytes> d = decompressor.decompress(seg, limits.segment(h.tag == Tag.MESSAGE, i), alloc);
                    if (d.isLeft()) {
                        return fail(DecodeFailure.DECOMPRESSION_FAILED, h.tag, "segment " + i + ": " + d.getLeft());
                    }
                    plain.add(d.get());
                }
                if (i < h.n) {
                    plainLengths.add(plain.get(i).length());
                }
            }
            segs = plain;
            info = info.withPlainLengths(plainLengths);
        }
        if (h.tag != Tag.MESSAGE) {
            segs = segs.stream().map(FrameDecoder::owned).toList();
        }
        Either<DecodeError, Frame> f = Payloads.decode(new Segments(h.tag, segs));
        if (f.isLeft()) {
            return failWith(f.getLeft());
        }
        return new Decoded.FrameDecoded(f.get(), info, wire);
    }

    /** Reads and checks the preamble (decrypting the first GCM message in msgr2.1 secure mode). */
    private Either<Decoded, Head> readHead() {
        FrameFormat fmt = format();
        int hs = fmt.headSize();
        if (queue.available() < hs) {
            return Either.left(new Decoded.NeedMore(hs - queue.available()));
        }
        Bytes pre;
        Bytes inline = Bytes.EMPTY;
        int consumed = 0;
        switch (fmt) {
            case REV1_CRC, REV0_CRC -> pre = queue.peek(Preamble.SIZE);
            case REV0_SECURE -> pre = cipher.peekKeystream(queue.peek(Preamble.SIZE));
            case REV1_SECURE -> {
                // held until the frame is complete, which may be after the loaned buffers were reused
                Optional<Bytes> plain = cipher.open(queue.take(hs), loaned ? Allocator.HEAP : alloc);
                if (plain.isEmpty()) {
                    return Either.left(fail(DecodeFailure.AUTH_TAG_MISMATCH, "preamble block"));
                }
                pre = plain.get().slice(0, Preamble.SIZE);
                inline = plain.get().slice(Preamble.SIZE, FrameFormat.INLINE_SIZE);
                consumed = hs;
            }
            default -> throw new AssertionError(fmt);
        }
        if (!Preamble.crcMatches(pre)) {
            return Either.left(fail(DecodeFailure.PREAMBLE_CRC_MISMATCH, "preamble " + pre.hex()));
        }
        Preamble p = Preamble.parse(pre);
        Optional<Tag> tag = Tag.fromWire(p.tag());
        if (tag.isEmpty()) {
            return Either.left(fail(DecodeFailure.UNKNOWN_TAG, "tag " + p.tag()));
        }
        int n = p.numSegments();
        if (n < 1 || n > Segments.MAX) {
            return Either.left(fail(DecodeFailure.BAD_SEGMENT_LAYOUT, tag.get(), n + " segments"));
        }
        if (n > 1 && p.length(n - 1) == 0) {
            return Either.left(fail(DecodeFailure.BAD_SEGMENT_LAYOUT, tag.get(), "last segment empty"));
        }
        boolean message = tag.get() == Tag.MESSAGE;
        if (!message && n != 1) {
            return Either.left(fail(DecodeFailure.BAD_SEGMENT_LAYOUT, tag.get(), "a control frame with " + n + " segments"));
        }
        int[] len = new int[4];
        for (int i = 0; i < n; i++) {
            if (p.length(i) > limits.segment(message, i)) {
                return Either.left(fail(DecodeFailure.SEGMENT_TOO_LARGE, tag.get(), "segment " + i + " of " + p.length(i)
                        + " bytes, limit " + limits.segment(message, i)));
            }
            len[i] = (int) p.length(i);
        }
        if (p.compressed() && decompressor == null) {
            return Either.left(fail(DecodeFailure.COMPRESSION_NOT_NEGOTIATED, tag.get(), "flagged compressed"));
        }
        long size = fmt.wireSize(n, len[0], len[1], len[2], len[3]);
        return Either.right(new Head(p, tag.get(), n, len, fmt, size, consumed, inline));
    }

    /** preamble | seg0 | crc (if L0 > 0) | seg1..3 | epilogue (if n > 1). */
    private Either<Decoded, List<Bytes>> rev1Crc(Head h) {
        queue.skip(Preamble.SIZE);
        Bytes seg0 = queue.take(h.lengths[0]);
        int crc0 = h.lengths[0] > 0 ? le32(queue.take(4), 0) : 0;
        Bytes epi = Bytes.EMPTY;
        List<Bytes> segs = List.of(seg0); // immutable, as Segments keeps them: no copy there
        if (h.n > 1) {
            Bytes seg1 = queue.take(h.lengths[1]);
            Bytes seg2 = queue.take(h.lengths[2]);
            segs = List.of(seg0, seg1, seg2, queue.take(h.lengths[3]));
            epi = queue.take(FrameFormat.REV1_CRC_EPILOGUE);
            Optional<Decoded> late = rev1LateStatus(h, epi.u8(0));
            if (late.isPresent()) {
                return Either.left(late.get());
            }
        }
        if (h.lengths[0] > 0 && Crc32c.segment(segs.get(0)) != crc0) {
            return Either.left(crcMismatch(h, 0));
        }
        for (int i = 1; i < h.n; i++) {
            if (Crc32c.segment(segs.get(i)) != le32(epi, 1 + 4 * (i - 1))) {
                return Either.left(crcMismatch(h, i));
            }
        }
        return Either.right(segs);
    }

    /** preamble | seg0..3 | epilogue: late flags + a crc per segment. */
    private Either<Decoded, List<Bytes>> rev0Crc(Head h) {
        queue.skip(Preamble.SIZE);
        List<Bytes> segs = new ArrayList<>(4);
        for (int i = 0; i < 4; i++) {
            segs.add(queue.take(h.lengths[i]));
        }
        Bytes epi = queue.take(FrameFormat.REV0_CRC_EPILOGUE);
        if ((epi.u8(0) & FrameFormat.LATE_STATUS_ABORTED) != 0) {
            return Either.left(new Decoded.FrameAborted(h.info()));
        }
        for (int i = 0; i < h.n; i++) {
            if (Crc32c.segment(segs.get(i)) != le32(epi, 1 + 4 * i)) {
                return Either.left(crcMismatch(h, i));
            }
        }
        return Either.right(segs);
    }

    /** One GCM message: preamble | padded segments | epilogue (late flags + 15 zeros). */
    private Either<Decoded, List<Bytes>> rev0Secure(Head h) {
        Optional<Bytes> plain = cipher.open(queue.take((int) h.wireSize), alloc);
        if (plain.isEmpty()) {
            return Either.left(fail(DecodeFailure.AUTH_TAG_MISMATCH, h.tag, "frame"));
        }
        Bytes p = plain.get();
        List<Bytes> segs = new ArrayList<>(4);
        int at = Preamble.SIZE;
        for (int i = 0; i < 4; i++) {
            segs.add(p.slice(at, h.lengths[i]));
            at += FrameCipher.padded(h.lengths[i]);
        }
        if ((p.u8(at) & FrameFormat.LATE_STATUS_ABORTED) != 0) {
            return Either.left(new Decoded.FrameAborted(h.info()));
        }
        return Either.right(segs);
    }

    /** The inline 48 bytes (already decrypted), the rest of seg0, then seg1..3 and the epilogue. */
    private Either<Decoded, List<Bytes>> rev1Secure(Head h) {
        int l0 = h.lengths[0];
        Bytes seg0;
        if (FrameCipher.padded(l0) <= FrameFormat.INLINE_SIZE) {
            seg0 = h.inline.slice(0, l0);
        } else {
            int rest = FrameCipher.padded(l0) - FrameFormat.INLINE_SIZE;
            Optional<Bytes> more = cipher.open(queue.take(rest + FrameCipher.TAG_SIZE), alloc);
            if (more.isEmpty()) {
                return Either.left(fail(DecodeFailure.AUTH_TAG_MISMATCH, h.tag, "segment 0 remainder"));
            }
            byte[] s0 = alloc.allocate(l0);
            h.inline.copyTo(s0, 0);
            more.get().slice(0, l0 - FrameFormat.INLINE_SIZE).copyTo(s0, FrameFormat.INLINE_SIZE);
            seg0 = Bytes.wrap(s0);
        }
        List<Bytes> segs = new ArrayList<>(4);
        segs.add(seg0);
        if (h.n > 1) {
            int size = FrameCipher.padded(h.lengths[1]) + FrameCipher.padded(h.lengths[2])
                    + FrameCipher.padded(h.lengths[3]) + FrameFormat.SECURE_EPILOGUE;
            Optional<Bytes> tail = cipher.open(queue.take(size + FrameCipher.TAG_SIZE), alloc);
            if (tail.isEmpty()) {
                return Either.left(fail(DecodeFailure.AUTH_TAG_MISMATCH, h.tag, "segments 1-3"));
            }
            Bytes p = tail.get();
            int at = 0;
            for (int i = 1; i < 4; i++) {
                segs.add(p.slice(at, h.lengths[i]));
                at += FrameCipher.padded(h.lengths[i]);
            }
            Optional<Decoded> late = rev1LateStatus(h, p.u8(at));
            if (late.isPresent()) {
                return Either.left(late.get());
            }
        }
        return Either.right(segs);
    }

    /** msgr2.1 late status: low nibble 0xE complete, 0x1 aborted, anything else an error. */
    private Optional<Decoded> rev1LateStatus(Head h, int late) {
        return switch (late & 0x0f) {
            case FrameFormat.LATE_STATUS_COMPLETE -> Optional.empty();
            case FrameFormat.LATE_STATUS_ABORTED -> Optional.of(new Decoded.FrameAborted(h.info()));
            default -> Optional.of(fail(DecodeFailure.BAD_LATE_STATUS, h.tag, "late status 0x" + Integer.toHexString(late)));
        };
    }

    /** A copy of {@code b} in an array of its own. */
    private static Bytes owned(Bytes b) {
        return b.isEmpty() ? b : Bytes.wrap(b.toByteArray());
    }

    private Decoded crcMismatch(Head h, int segment) {
        return fail(DecodeFailure.SEGMENT_CRC_MISMATCH, h.tag, "segment " + segment);
    }

    private Decoded fail(DecodeFailure kind, String detail) {
        return failWith(DecodeError.of(kind, detail));
    }

    private Decoded fail(DecodeFailure kind, Tag tag, String detail) {
        return failWith(DecodeError.of(kind, tag, detail));
    }

    private Decoded failWith(DecodeError e) {
        failure = new Decoded.Failed(e);
        return failure;
    }

    private static int le32(Bytes b, int at) {
        return b.u8(at) | b.u8(at + 1) << 8 | b.u8(at + 2) << 16 | b.u8(at + 3) << 24;
    }

    private static long le64(Bytes b, int at) {
        return Integer.toUnsignedLong(le32(b, at)) | (long) le32(b, at + 4) << 32;
    }
}
