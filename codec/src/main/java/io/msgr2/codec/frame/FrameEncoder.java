package io.msgr2.codec.frame;

import io.msgr2.codec.Crc32c;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.codec.payload.Payloads;
import io.msgr2.codec.payload.Segments;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Frames to bytes for one direction of one connection. It starts in crc mode with the
 * framing revision the banners chose; {@link #installSecure} switches it to secure mode
 * (right after AUTH_DONE), and from then on every frame is encrypted.
 */
public final class FrameEncoder {
    private static final Bytes ZEROS = Bytes.zeros(FrameFormat.INLINE_SIZE);

    private final boolean rev1;
    private final io.msgr2.codec.Allocator alloc;
    private FrameCipher cipher;
    private io.msgr2.codec.compress.OnWireCompressor compressor;
    private int compressMinSize;

    public FrameEncoder(boolean rev1) {
        this(rev1, io.msgr2.codec.Allocator.HEAP);
    }

    /**
     * An encoder whose secure-mode output comes from {@code alloc} (a transport recycles those
     * arrays once it has written them; the bytes of a frame are then valid until then).
     */
    public FrameEncoder(boolean rev1, io.msgr2.codec.Allocator alloc) {
        this.rev1 = rev1;
        this.alloc = alloc;
    }

    public void installSecure(FrameCipher tx) {
        if (tx.rev1() != rev1) {
            throw new IllegalArgumentException("cipher nonce format does not match the framing revision");
        }
        this.cipher = tx;
    }

    public FrameFormat format() {
        return FrameFormat.of(rev1, cipher != null);
    }

    /**
     * On-wire compression from the next frame on (after COMPRESSION_DONE): a frame whose
     * segments add up to {@code minSize} bytes or more has each non-empty segment compressed
     * on its own and the preamble flag set.
     */
    public void installCompression(io.msgr2.spec.wire.CompressionMethod method, int minSize) {
        installCompression(io.msgr2.codec.compress.OnWireCompressor.of(method)
                .orElseThrow(() -> new IllegalArgumentException("no on-wire compressor for " + method)), minSize);
    }

    /**
     * The same with a given compressor (a replay supplies one that returns the captured
     * sender's compressed bytes, since two compressors may encode the same data differently).
     */
    public void installCompression(io.msgr2.codec.compress.OnWireCompressor compressor, int minSize) {
        this.compressor = compressor;
        this.compressMinSize = minSize;
    }

    public EncodeResult encode(Frame frame) {
        Segments s = Payloads.encode(frame);
        if (compressor != null && s.totalLength() >= compressMinSize) {
            List<Bytes> packed = new ArrayList<>(s.segments().size());
            for (Bytes seg : s.segments()) {
                packed.add(seg.isEmpty() ? seg : compressor.compress(seg));
            }
            return encode(new Segments(s.tag(), packed), Preamble.FLAG_COMPRESSED);
        }
        return encode(s, 0);
    }

    /** Frames already-built segments; {@code flags} is the preamble flags byte (compression). */
    public EncodeResult encode(Segments s, int flags) {
        int n = s.count();
        int[] len = new int[4];
        int[] align = new int[4];
        for (int i = 0; i < 4; i++) {
            len[i] = s.get(i).length();
            align[i] = Segments.alignment(s.tag(), i);
        }
        byte[] pre = new byte[Preamble.SIZE];
        Preamble.write(pre, 0, s.tag().wire, n, len, align, flags);
        Bytes preamble = Bytes.wrap(pre);
        return switch (format()) {
            case REV1_CRC -> new EncodeResult.Encoded(rev1Crc(preamble, s, n));
            case REV0_CRC -> new EncodeResult.Encoded(rev0Crc(preamble, s, n));
            case REV1_SECURE -> rev1Secure(preamble, s, n);
            case REV0_SECURE -> rev0Secure(preamble, s, n);
        };
    }

    /** preamble | seg0 | crc(seg0) (if L0 > 0) | seg1 seg2 seg3 | epilogue(13) (if n > 1). */
    private static Wire rev1Crc(Bytes preamble, Segments s, int n) {
        Bytes seg0 = s.get(0);
        int headLen = Preamble.SIZE + (seg0.isEmpty() ? 0 : seg0.length() + 4);
        byte[] head = new byte[headLen];
        preamble.copyTo(head, 0);
        if (!seg0.isEmpty()) {
            seg0.copyTo(head, Preamble.SIZE);
            DencWriter.putU32(head, Preamble.SIZE + seg0.length(), Crc32c.segment(seg0));
        }
        List<Bytes> out = new ArrayList<>(5);
        out.add(Bytes.wrap(head));
        if (n > 1) {
            byte[] epi = new byte[FrameFormat.REV1_CRC_EPILOGUE];
            epi[0] = FrameFormat.LATE_STATUS_COMPLETE;
            for (int i = 1; i < n; i++) {
                out.add(s.get(i));
                DencWriter.putU32(epi, 1 + 4 * (i - 1), Crc32c.segment(s.get(i)));
            }
            out.add(Bytes.wrap(epi));
        }
        return Wire.of(nonEmpty(out));
    }

    /** preamble | seg0 seg1 seg2 seg3 | epilogue(17): late flags, then crc of every used segment. */
    private static Wire rev0Crc(Bytes preamble, Segments s, int n) {
        List<Bytes> out = new ArrayList<>(6);
        out.add(Bytes.concat(preamble, s.get(0)));
        byte[] epi = new byte[FrameFormat.REV0_CRC_EPILOGUE];
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.add(s.get(i));
            }
            DencWriter.putU32(epi, 1 + 4 * i, Crc32c.segment(s.get(i)));
        }
        out.add(Bytes.wrap(epi));
        return Wire.of(nonEmpty(out));
    }

    /**
     * Up to three GCM messages: (1) preamble + the first 48 bytes of seg0, zero-padded;
     * (2) the rest of seg0, padded, if any; (3) seg1..3, each padded, + epilogue, if n > 1.
     * All three go into one array from the allocator: one chunk to write.
     */
    private EncodeResult rev1Secure(Bytes preamble, Segments s, int n) {
        Bytes seg0 = s.get(0);
        int inline = Math.min(seg0.length(), FrameFormat.INLINE_SIZE);
        byte[] out = alloc.allocate((int) FrameFormat.REV1_SECURE.wireSize(n, seg0.length(), s.get(1).length(),
                s.get(2).length(), s.get(3).length()));
        int at = cipher.sealInto(List.of(preamble, seg0.slice(0, inline),
                ZEROS.slice(0, FrameFormat.INLINE_SIZE - inline)), out, 0);
        if (at >= 0 && FrameCipher.padded(seg0.length()) > FrameFormat.INLINE_SIZE) {
            Bytes rest = seg0.slice(FrameFormat.INLINE_SIZE);
            at = cipher.sealInto(List.of(rest, pad(rest.length())), out, at);
        }
        if (at >= 0 && n > 1) {
            List<Bytes> pieces = new ArrayList<>(7);
            for (int i = 1; i < 4; i++) {
                pieces.add(s.get(i));
                pieces.add(pad(s.get(i).length()));
            }
            pieces.add(secureEpilogue(FrameFormat.LATE_STATUS_COMPLETE));
            at = cipher.sealInto(pieces, out, at);
        }
        if (at < 0) {
            return exhausted();
        }
        return new EncodeResult.Encoded(Wire.of(List.of(Bytes.wrap(out, 0, at))));
    }

    /** One GCM message: preamble | every segment padded | epilogue (late flags 0 + 15 zeros). */
    private EncodeResult rev0Secure(Bytes preamble, Segments s, int n) {
        List<Bytes> pieces = new ArrayList<>(10);
        pieces.add(preamble);
        for (int i = 0; i < 4; i++) {
            pieces.add(s.get(i));
            pieces.add(pad(s.get(i).length()));
        }
        pieces.add(secureEpilogue(0));
        return cipher.seal(pieces, alloc)
                .<EncodeResult>map(b -> new EncodeResult.Encoded(Wire.of(List.of(b))))
                .orElseGet(FrameEncoder::exhausted);
    }

    private static Bytes secureEpilogue(int lateStatus) {
        byte[] e = new byte[FrameFormat.SECURE_EPILOGUE];
        e[0] = (byte) lateStatus;
        return Bytes.wrap(e);
    }

    private static Bytes pad(int len) {
        return ZEROS.slice(0, FrameCipher.padded(len) - len);
    }

    private static List<Bytes> nonEmpty(List<Bytes> in) {
        in.removeIf(Bytes::isEmpty);
        return in;
    }

    private static EncodeResult exhausted() {
        return new EncodeResult.Refused(EncodeResult.Reason.NONCES_EXHAUSTED, "the TX nonce would repeat");
    }
}
