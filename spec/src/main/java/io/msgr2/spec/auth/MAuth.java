package io.msgr2.spec.auth;

import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;

/**
 * The auth messages a client and a mon exchange after the handshake, over MESSAGE frames
 * (front segment): {@code MAuth} (type 17, {@code CEPH_MSG_AUTH}) and {@code MAuthReply}
 * (type 18). cephx uses them for service tickets, ticket renewal and rotating secrets.
 *
 * <pre>
 * MAuth:      le64 paxos version | s16 session_mon (-1) | le64 session_mon_tid
 *             | le32 protocol | bl auth_payload | le32 monmap_epoch
 * MAuthReply: le32 protocol | s32 result | le64 global_id | bl result_bl | string result_msg
 * </pre>
 */
public final class MAuth {
    public static final int TYPE = 17;
    public static final int REPLY_TYPE = 18;

    private MAuth() {}

    public record Request(int protocol, Bytes authPayload, int monmapEpoch) {
        public Bytes front() {
            DencWriter w = new DencWriter();
            w.u64(0).u16(0xffff).u64(0);
            w.u32(protocol).blob(authPayload).u32(monmapEpoch);
            return w.toBytes();
        }

        public static Either<String, Request> decode(Bytes front) {
            DencReader r = new DencReader(front);
            r.u64();
            r.u16();
            r.u64();
            int protocol = r.u32();
            Bytes payload = r.blob();
            int epoch = r.remaining() >= 4 ? r.u32() : 0;
            return r.failed() ? Either.left("MAuth does not decode") : Either.right(new Request(protocol, payload, epoch));
        }
    }

    public record Reply(int protocol, int result, long globalId, Bytes resultBl, String resultMsg) {
        public Bytes front() {
            DencWriter w = new DencWriter();
            w.u32(protocol).u32(result).u64(globalId).blob(resultBl).string(resultMsg);
            return w.toBytes();
        }

        public static Either<String, Reply> decode(Bytes front) {
            DencReader r = new DencReader(front);
            int protocol = r.u32();
            int result = r.u32();
            long gid = r.u64();
            Bytes bl = r.blob();
            String msg = r.string();
            return r.failed() ? Either.left("MAuthReply does not decode")
                    : Either.right(new Reply(protocol, result, gid, bl, msg));
        }
    }
}
