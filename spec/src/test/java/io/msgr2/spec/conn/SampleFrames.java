package io.msgr2.spec.conn;

import io.msgr2.spec.frame.*;
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
import java.util.List;

/** One plausible frame of each tag, and a wire image for spec-only tests. */
final class SampleFrames {
    static final EntityAddr ADDR = EntityAddr.v2(SockAddr.Inet4.loopback(3300), 0);

    /** Deterministic stand-in bytes: enough for transcripts that only need to agree with themselves. */
    static final WireImage SYMBOLIC = new WireImage() {
        public Bytes banner(io.msgr2.spec.wire.Banner b) {
            return Bytes.utf8(b.toString());
        }

        public Bytes plainFrame(Frame f, boolean rev1) {
            return Bytes.utf8(f + (rev1 ? "/rev1" : "/rev0"));
        }
    };

    private SampleFrames() {}

    static Frame of(Tag t) {
        return switch (t) {
            case HELLO -> new Hello(EntityType.MON, ADDR);
            case AUTH_REQUEST -> new AuthRequest(AuthMethod.NONE, List.of(ConnectionMode.CRC), Bytes.EMPTY);
            case AUTH_BAD_METHOD -> new AuthBadMethod(AuthMethod.CEPHX, -95, List.of(AuthMethod.NONE),
                    List.of(ConnectionMode.CRC));
            case AUTH_REPLY_MORE -> new AuthReplyMore(Bytes.of((byte) 1));
            case AUTH_REQUEST_MORE -> new AuthRequestMore(Bytes.of((byte) 2));
            case AUTH_DONE -> new AuthDone(4096, ConnectionMode.CRC, Bytes.EMPTY);
            case AUTH_SIGNATURE -> AuthSignature.zeros();
            case CLIENT_IDENT -> new ClientIdent(EntityAddrVec.of(ADDR), ADDR, 1, 1, 0, 0, 0, 7);
            case SERVER_IDENT -> new ServerIdent(EntityAddrVec.of(ADDR), 1, 1, 0, 0, 0, 9);
            case IDENT_MISSING_FEATURES -> new IdentMissingFeatures(1);
            case SESSION_RECONNECT -> new SessionReconnect(EntityAddrVec.of(ADDR), 7, 9, 2, 1, 0);
            case SESSION_RESET -> new SessionReset(true);
            case SESSION_RETRY -> new SessionRetry(3);
            case SESSION_RETRY_GLOBAL -> new SessionRetryGlobal(30);
            case SESSION_RECONNECT_OK -> new SessionReconnectOk(0);
            case WAIT -> new Wait();
            case MESSAGE -> new Message(MsgHeader2.of(1, 127, 1, 1).withSeq(1, 0), Bytes.EMPTY, Bytes.EMPTY, Bytes.EMPTY);
            case KEEPALIVE2 -> new Keepalive2(UTime.ZERO);
            case KEEPALIVE2_ACK -> new Keepalive2Ack(UTime.ZERO);
            case ACK -> new Ack(0);
            case COMPRESSION_REQUEST -> new CompressionRequest(false, List.of(CompressionMethod.NONE));
            case COMPRESSION_DONE -> new CompressionDone(false, CompressionMethod.NONE);
        };
    }
}
