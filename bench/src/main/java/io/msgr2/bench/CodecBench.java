package io.msgr2.bench;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.Limits;
import io.msgr2.codec.RecyclingAllocator;
import io.msgr2.codec.frame.ConnectionSecret;
import io.msgr2.codec.frame.Decoded;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.codec.frame.FrameFormat;
import io.msgr2.spec.Role;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.MsgHeader2;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode and decode throughput of one MESSAGE whose data segment is {@code size} bytes, per
 * frame format. {@link BaselineBench} measures, in the same run, what the targets are
 * ratios of.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBench {
    static final Bytes SECRET = Bytes.fromHex("3c".repeat(64));

    @Param({"4096", "65536", "4194304"})
    public int size;

    @Param({"REV1_CRC", "REV1_SECURE", "REV0_CRC", "REV0_SECURE"})
    public FrameFormat format;

    /**
     * Where the codec's arrays come from: {@code fresh} (a new, zeroed array for every
     * decrypted segment and sealed frame, as with owned buffers) or {@code recycled} (a
     * {@link RecyclingAllocator} handed out again after each frame, as the network stacks do
     * for what they send, and for what they receive with loaned buffers).
     */
    @Param({"fresh", "recycled"})
    public String buffers;

    RecyclingAllocator encodeAlloc;
    RecyclingAllocator decodeAlloc;

    Message message;
    FrameEncoder encoder;
    /** Frames encoded in sequence (secure nonces advance), decoded in the same order, cyclically. */
    Bytes[] encoded;
    int next;
    FrameDecoder decoder;

    byte[] buffer;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        JdkWarmup.crypto();
        buffer = new byte[size];
        new SplittableRandom(size).nextBytes(buffer);
        message = new Message(MsgHeader2.of(42, MsgHeader2.PRIO_DEFAULT, 1, 1), Bytes.EMPTY, Bytes.EMPTY,
                Bytes.wrap(buffer));
        encodeAlloc = new RecyclingAllocator(64L << 20);
        decodeAlloc = new RecyclingAllocator(64L << 20);
        encoder = encoder();
        // crc frames can be decoded again and again; secure ones need the nonces in sequence
        int count = format.secure() ? (int) Math.max(2, Math.min(64, (64L << 20) / size)) : 1;
        encoded = new Bytes[count];
        FrameEncoder e = encoder();
        for (int i = 0; i < count; i++) {
            encoded[i] = ((EncodeResult.Encoded) e.encode(message)).wire().toBytes();
        }
        next = 0;
    }

    private boolean recycled() {
        return buffers.equals("recycled");
    }

    private FrameEncoder encoder() {
        FrameEncoder e = recycled() ? new FrameEncoder(format.rev1(), encodeAlloc) : new FrameEncoder(format.rev1());
        if (format.secure()) {
            e.installSecure(ConnectionSecret.tx(SECRET, Role.CLIENT, format.rev1()));
        }
        return e;
    }

    private FrameDecoder decoder() {
        FrameDecoder d = FrameDecoder.framesOnly(format.rev1(), Limits.DEFAULT, recycled() ? decodeAlloc : Allocator.HEAP);
        if (format.secure()) {
            d.installSecure(ConnectionSecret.rx(SECRET, Role.SERVER, format.rev1()));
        }
        return d;
    }

    @Benchmark
    public Object encode() {
        encodeAlloc.recycle();
        return encoder.encode(message);
    }

    @Benchmark
    public Object decode() {
        if (next == 0) {
            decoder = decoder();
        }
        decoder.feed(encoded[next]);
        next = (next + 1) % encoded.length;
        Decoded d = decoder.next();
        if (!(d instanceof Decoded.FrameDecoded)) {
            throw new IllegalStateException(String.valueOf(d));
        }
        decodeAlloc.recycle();
        return d;
    }
}
