package io.msgr2.codec.payload;

import io.msgr2.codec.DecodeError;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
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
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.CompressionMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import io.msgr2.spec.wire.UTime;
import io.vavr.control.Either;
import java.util.List;

/**
 * Every tag's payload, field by field, in Ceph's order ({@code ControlFrame<...>} in
 * frames_v2.h). Control payloads are the plain concatenation of their fields; like Ceph,
 * the decoder ignores bytes after the last field, and a payload that ends early is an error.
 */
public final class Payloads {
    private Payloads() {}

    /** The frame as the segments that carry it. */
    public static Segments encode(Frame frame) {
        if (frame instanceof Message m) {
            return new Segments(Tag.MESSAGE, List.of(encodeHeader(m.header()), m.front(), m.middle(), m.data()));
        }
        DencWriter w = new DencWriter();
        switch (frame) {
            case Hello f -> {
                w.u8(f.entityType().value());
                AddressCodec.encode(w, f.peerAddr());
            }
            case AuthRequest f -> w.u32(f.method().value())
                    .list(f.preferredModes(), (x, m) -> x.u32(m.value()))
                    .blob(f.payload());
            case AuthBadMethod f -> w.u32(f.method().value()).u32(f.result())
                    .list(f.allowedMethods(), (x, m) -> x.u32(m.value()))
                    .list(f.allowedModes(), (x, m) -> x.u32(m.value()));
            case AuthReplyMore f -> w.blob(f.payload());
            case AuthRequestMore f -> w.blob(f.payload());
            case AuthDone f -> w.u64(f.globalId()).u32(f.mode().value()).blob(f.payload());
            case AuthSignature f -> w.raw(f.signature());
            case ClientIdent f -> {
                AddressCodec.encode(w, f.addrs());
                AddressCodec.encode(w, f.targetAddr());
                w.u64(f.gid()).u64(f.globalSeq()).u64(f.supportedFeatures()).u64(f.requiredFeatures())
                        .u64(f.flags()).u64(f.clientCookie());
            }
            case ServerIdent f -> {
                AddressCodec.encode(w, f.addrs());
                w.u64(f.gid()).u64(f.globalSeq()).u64(f.supportedFeatures()).u64(f.requiredFeatures())
                        .u64(f.flags()).u64(f.serverCookie());
            }
            case IdentMissingFeatures f -> w.u64(f.features());
            case SessionReconnect f -> {
                AddressCodec.encode(w, f.addrs());
                w.u64(f.clientCookie()).u64(f.serverCookie()).u64(f.globalSeq()).u64(f.connectSeq())
                        .u64(f.msgSeq());
            }
            case SessionReset f -> w.bool(f.full());
            case SessionRetry f -> w.u64(f.connectSeq());
            case SessionRetryGlobal f -> w.u64(f.globalSeq());
            case SessionReconnectOk f -> w.u64(f.msgSeq());
            case Wait f -> { }
            case Keepalive2 f -> w.u32(f.timestamp().seconds()).u32(f.timestamp().nanos());
            case Keepalive2Ack f -> w.u32(f.timestamp().seconds()).u32(f.timestamp().nanos());
            case Ack f -> w.u64(f.seq());
            case CompressionRequest f -> w.bool(f.compress()).list(f.preferredMethods(), (x, m) -> x.u32(m.value()));
            case CompressionDone f -> w.bool(f.compress()).u32(f.method().value());
            case Message m -> throw new AssertionError("handled above");
        }
        return Segments.control(frame.tag(), w.toBytes());
    }

    /** The frame these segments carry, or why they do not decode as their tag. */
    public static Either<DecodeError, Frame> decode(Segments s) {
        if (s.tag() == Tag.MESSAGE) {
            return decodeMessage(s);
        }
        if (s.count() > 1) {
            return malformed(s.tag(), "a control frame has one segment, got " + s.count());
        }
        DencReader r = new DencReader(s.get(0));
        Frame f = switch (s.tag()) {
            case HELLO -> new Hello(new EntityType(r.u8()), AddressCodec.decodeAddr(r));
            case AUTH_REQUEST -> new AuthRequest(new AuthMethod(r.u32()), r.list(4, x -> new ConnectionMode(x.u32())),
                    r.blob());
            case AUTH_BAD_METHOD -> new AuthBadMethod(new AuthMethod(r.u32()), r.u32(),
                    r.list(4, x -> new AuthMethod(x.u32())), r.list(4, x -> new ConnectionMode(x.u32())));
            case AUTH_REPLY_MORE -> new AuthReplyMore(r.blob());
            case AUTH_REQUEST_MORE -> new AuthRequestMore(r.blob());
            case AUTH_DONE -> new AuthDone(r.u64(), new ConnectionMode(r.u32()), r.blob());
            case AUTH_SIGNATURE -> {
                var sig = r.raw(AuthSignature.SIZE);
                yield r.failed() ? null : new AuthSignature(sig);
            }
            case CLIENT_IDENT -> new ClientIdent(AddressCodec.decodeAddrVec(r), AddressCodec.decodeAddr(r), r.u64(),
                    r.u64(), r.u64(), r.u64(), r.u64(), r.u64());
            case SERVER_IDENT -> new ServerIdent(AddressCodec.decodeAddrVec(r), r.u64(), r.u64(), r.u64(), r.u64(),
                    r.u64(), r.u64());
            case IDENT_MISSING_FEATURES -> new IdentMissingFeatures(r.u64());
            case SESSION_RECONNECT -> new SessionReconnect(AddressCodec.decodeAddrVec(r), r.u64(), r.u64(), r.u64(),
                    r.u64(), r.u64());
            case SESSION_RESET -> new SessionReset(r.bool());
            case SESSION_RETRY -> new SessionRetry(r.u64());
            case SESSION_RETRY_GLOBAL -> new SessionRetryGlobal(r.u64());
            case SESSION_RECONNECT_OK -> new SessionReconnectOk(r.u64());
            case WAIT -> new Wait();
            case KEEPALIVE2 -> new Keepalive2(new UTime(r.u32(), r.u32()));
            case KEEPALIVE2_ACK -> new Keepalive2Ack(new UTime(r.u32(), r.u32()));
            case ACK -> new Ack(r.u64());
            case COMPRESSION_REQUEST -> new CompressionRequest(r.bool(), r.list(4, x -> new CompressionMethod(x.u32())));
            case COMPRESSION_DONE -> new CompressionDone(r.bool(), new CompressionMethod(r.u32()));
            case MESSAGE -> throw new AssertionError("handled above");
        };
        if (r.failed()) {
            return malformed(s.tag(), r.error().orElseThrow());
        }
        return Either.right(f);
    }

    private static Either<DecodeError, Frame> decodeMessage(Segments s) {
        if (s.get(0).length() != MsgHeader2.SIZE) {
            return malformed(Tag.MESSAGE, "ceph_msg_header2 is 41 bytes, segment 0 has " + s.get(0).length());
        }
        DencReader r = new DencReader(s.get(0));
        MsgHeader2 h = new MsgHeader2(r.u64(), r.u64(), r.u16(), r.u16(), r.u16(), r.u32(), r.u16(), r.u64(), r.u8(),
                r.u16(), r.u16());
        return Either.right(new Message(h, s.get(1), s.get(2), s.get(3)));
    }

    /** The 41 packed bytes of {@code ceph_msg_header2}. */
    public static io.msgr2.spec.wire.Bytes encodeHeader(MsgHeader2 h) {
        return new DencWriter(MsgHeader2.SIZE).u64(h.seq()).u64(h.tid()).u16(h.type()).u16(h.priority())
                .u16(h.version()).u32(h.dataPrePaddingLen()).u16(h.dataOff()).u64(h.ackSeq()).u8(h.flags())
                .u16(h.compatVersion()).u16(h.reserved()).toBytes();
    }

    private static Either<DecodeError, Frame> malformed(Tag tag, String why) {
        return Either.left(DecodeError.of(io.msgr2.spec.frame.DecodeFailure.MALFORMED_PAYLOAD, tag, why));
    }
}
