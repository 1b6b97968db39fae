package io.msgr2.codec.gen;

import io.msgr2.spec.frame.Ack;
import io.msgr2.spec.frame.AuthBadMethod;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthReplyMore;
import io.msgr2.spec.frame.AuthRequest;
import io.msgr2.spec.frame.AuthRequestMore;
import io.msgr2.spec.frame.AuthSignature;
import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.CompressionDone;
import io.msgr2.spec.frame.CompressionRequest;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Hello;
import io.msgr2.spec.frame.IdentMissingFeatures;
import io.msgr2.spec.frame.Keepalive2;
import io.msgr2.spec.frame.Keepalive2Ack;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.frame.SessionReconnect;
import io.msgr2.spec.frame.SessionReconnectOk;
import io.msgr2.spec.frame.SessionReset;
import io.msgr2.spec.frame.SessionRetry;
import io.msgr2.spec.frame.SessionRetryGlobal;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.frame.Wait;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.spec.wire.SockAddr;
import io.msgr2.spec.wire.UTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Seeded generators of frames, one per tag, that cover the corners: every address family,
 * empty and long lists and blobs, extreme integers, messages with each segment empty or not
 * and sizes around the 16-byte padding and the 48-byte secure inline buffer.
 */
public final class FrameGen {
    private final SplittableRandom rnd;
    private final int maxSegment;

    public FrameGen(long seed) {
        this(seed, 9000);
    }

    public FrameGen(long seed, int maxSegment) {
        this.rnd = new SplittableRandom(seed);
        this.maxSegment = maxSegment;
    }

    public SplittableRandom random() {
        return rnd;
    }

    public Frame frame() {
        return frame(Tag.values()[rnd.nextInt(Tag.values().length)]);
    }

    public Frame frame(Tag tag) {
        return switch (tag) {
            case HELLO -> new Hello(new EntityType(rnd.nextInt(256)), addr());
            case AUTH_REQUEST -> new AuthRequest(new AuthMethod(i32()), list(() -> new ConnectionMode(i32())), blob());
            case AUTH_BAD_METHOD -> new AuthBadMethod(new AuthMethod(i32()), i32(), list(() -> new AuthMethod(i32())),
                    list(() -> new ConnectionMode(i32())));
            case AUTH_REPLY_MORE -> new AuthReplyMore(blob());
            case AUTH_REQUEST_MORE -> new AuthRequestMore(blob());
            case AUTH_DONE -> new AuthDone(i64(), new ConnectionMode(i32()), blob());
            case AUTH_SIGNATURE -> new AuthSignature(bytes(32));
            case CLIENT_IDENT -> new ClientIdent(addrVec(), addr(), i64(), i64(), i64(), i64(), i64(), i64());
            case SERVER_IDENT -> new ServerIdent(addrVec(), i64(), i64(), i64(), i64(), i64(), i64());
            case IDENT_MISSING_FEATURES -> new IdentMissingFeatures(i64());
            case SESSION_RECONNECT -> new SessionReconnect(addrVec(), i64(), i64(), i64(), i64(), i64());
            case SESSION_RESET -> new SessionReset(rnd.nextBoolean());
            case SESSION_RETRY -> new SessionRetry(i64());
            case SESSION_RETRY_GLOBAL -> new SessionRetryGlobal(i64());
            case SESSION_RECONNECT_OK -> new SessionReconnectOk(i64());
            case WAIT -> new Wait();
            case MESSAGE -> message();
            case KEEPALIVE2 -> new Keepalive2(new UTime(i32(), i32()));
            case KEEPALIVE2_ACK -> new Keepalive2Ack(new UTime(i32(), i32()));
            case ACK -> new Ack(i64());
            case COMPRESSION_REQUEST -> new CompressionRequest(rnd.nextBoolean(), list(() -> new CompressionMethod(i32())));
            case COMPRESSION_DONE -> new CompressionDone(rnd.nextBoolean(), new CompressionMethod(i32()));
        };
    }

    public Message message() {
        MsgHeader2 h = new MsgHeader2(i64(), i64(), u16(), u16(), u16(), i32(), u16(), i64(), rnd.nextInt(256), u16(),
                u16());
        return new Message(h, segment(), segment(), segment());
    }

    /** A segment: often empty, often small, around the 16- and 48-byte boundaries, sometimes large. */
    public Bytes segment() {
        return switch (rnd.nextInt(6)) {
            case 0, 1 -> Bytes.EMPTY;
            case 2 -> bytes(rnd.nextInt(1, 17));
            case 3 -> bytes(rnd.nextInt(40, 70));
            case 4 -> bytes(rnd.nextInt(1, 600));
            default -> bytes(rnd.nextInt(1, maxSegment + 1));
        };
    }

    public EntityAddr addr() {
        SockAddr sa = switch (rnd.nextInt(4)) {
            case 0 -> new SockAddr.Blank();
            case 1 -> new SockAddr.Inet4(bytes(4), rnd.nextInt(65536));
            case 2 -> new SockAddr.Inet6(bytes(16), rnd.nextInt(65536), i32(), i32());
            default -> new SockAddr.Other(pick(1, 3, 9, 11, 0xffff), bytes(SockAddr.Other.DATA_LENGTH));
        };
        return new EntityAddr(new AddrType(rnd.nextInt(5)), i32(), sa);
    }

    public EntityAddrVec addrVec() {
        return new EntityAddrVec(list(this::addr));
    }

    public Bytes blob() {
        return switch (rnd.nextInt(4)) {
            case 0 -> Bytes.EMPTY;
            case 1 -> bytes(rnd.nextInt(1, 64));
            case 2 -> bytes(rnd.nextInt(64, 1024));
            default -> bytes(rnd.nextInt(1, maxSegment / 2 + 1));
        };
    }

    public Bytes bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return Bytes.wrap(b);
    }

    private <T> List<T> list(Supplier<T> each) {
        int n = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1, 5);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(each.get());
        }
        return out;
    }

    private int pick(int... values) {
        return values[rnd.nextInt(values.length)];
    }

    private int u16() {
        return rnd.nextInt(65536);
    }

    private int i32() {
        return switch (rnd.nextInt(5)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Integer.MIN_VALUE;
            default -> rnd.nextInt();
        };
    }

    private long i64() {
        return switch (rnd.nextInt(5)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Long.MIN_VALUE;
            default -> rnd.nextLong();
        };
    }
}
