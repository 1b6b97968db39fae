package io.msgr2.spec.frame;

import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.MessageType;
import io.msgr2.spec.wire.MsgHeader2;
import java.util.List;
import java.util.stream.Collectors;

/** One line per frame, fields named as Ceph names them: for dumps, traces and logs. */
public final class FrameText {
    private FrameText() {}

    /** {@code HELLO entity_type=client peer_addr=v2:127.0.0.1:3300/0}. */
    public static String describe(Frame frame) {
        return frame.tag().name() + " " + fields(frame);
    }

    public static String fields(Frame frame) {
        return switch (frame) {
            case Hello f -> "entity_type=" + f.entityType() + " peer_addr=" + f.peerAddr();
            case AuthRequest f -> "method=" + f.method() + " preferred_modes=" + f.preferredModes() + " payload="
                    + blob(f.payload());
            case AuthBadMethod f -> "method=" + f.method() + " result=" + f.result() + " allowed_methods="
                    + f.allowedMethods() + " allowed_modes=" + f.allowedModes();
            case AuthReplyMore f -> "payload=" + blob(f.payload());
            case AuthRequestMore f -> "payload=" + blob(f.payload());
            case AuthDone f -> "global_id=" + f.globalId() + " con_mode=" + f.mode() + " payload=" + blob(f.payload());
            case AuthSignature f -> "signature=" + (f.signature().isZero() ? "zeros" : f.signature().hex());
            case ClientIdent f -> "addrs=" + f.addrs() + " target_addr=" + f.targetAddr() + " gid=" + f.gid()
                    + " global_seq=" + f.globalSeq() + " features=" + hex(f.supportedFeatures()) + " required="
                    + hex(f.requiredFeatures()) + " flags=" + hex(f.flags()) + " client_cookie=" + hex(f.clientCookie());
            case ServerIdent f -> "addrs=" + f.addrs() + " gid=" + f.gid() + " global_seq=" + f.globalSeq()
                    + " features=" + hex(f.supportedFeatures()) + " required=" + hex(f.requiredFeatures()) + " flags="
                    + hex(f.flags()) + " server_cookie=" + hex(f.serverCookie());
            case IdentMissingFeatures f -> "features=" + hex(f.features());
            case SessionReconnect f -> "addrs=" + f.addrs() + " client_cookie=" + hex(f.clientCookie())
                    + " server_cookie=" + hex(f.serverCookie()) + " global_seq=" + f.globalSeq() + " connect_seq="
                    + f.connectSeq() + " msg_seq=" + f.msgSeq();
            case SessionReset f -> "full=" + f.full();
            case SessionRetry f -> "connect_seq=" + f.connectSeq();
            case SessionRetryGlobal f -> "global_seq=" + f.globalSeq();
            case SessionReconnectOk f -> "msg_seq=" + f.msgSeq();
            case Wait f -> "";
            case Message f -> message(f.header()) + " front=" + f.front().length() + " middle=" + f.middle().length()
                    + " data=" + f.data().length();
            case Keepalive2 f -> "timestamp=" + f.timestamp();
            case Keepalive2Ack f -> "timestamp=" + f.timestamp();
            case Ack f -> "seq=" + f.seq();
            case CompressionRequest f -> "is_compress=" + f.compress() + " preferred_methods=" + f.preferredMethods();
            case CompressionDone f -> "is_compress=" + f.compress() + " method=" + f.method();
        };
    }

    private static String message(MsgHeader2 h) {
        return "seq=" + h.seq() + " tid=" + h.tid() + " type=" + MessageType.describe(h.type()) + " priority="
                + h.priority() + " version=" + h.version() + " ack_seq=" + h.ackSeq();
    }

    private static String blob(Bytes b) {
        return b.length() + "B";
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** {@code [41,170]}: segment lengths as a compact list. */
    public static String lengths(List<Integer> lengths) {
        return lengths.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }
}
