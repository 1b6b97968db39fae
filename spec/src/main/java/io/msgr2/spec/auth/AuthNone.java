package io.msgr2.spec.auth;

import io.msgr2.spec.conn.Env;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import java.util.List;
import java.util.Optional;

/**
 * {@code CEPH_AUTH_NONE} (method 1): no keys, one round, crc mode only, both signatures zero.
 *
 * <pre>
 * to a mon:       u8 AUTH_MODE_MON (10) | EntityName (le32 type, string id) | le64 global_id
 * to a service:   u8 1 (authorizer struct v1) | EntityName | le64 global_id
 * AUTH_DONE:      global_id (a mon assigns one when the client sent 0), mode crc, empty payload
 * </pre>
 */
public final class AuthNone {
    public static final int AUTH_MODE_AUTHORIZER = 1;
    public static final int AUTH_MODE_MON = 10;
    /** {@code AUTH_MODE_MON_MAX}: payloads whose first byte is 10..19 are mon authentication. */
    public static final int AUTH_MODE_MON_MAX = 19;

    private AuthNone() {}

    /** The payload a client sends (mon or authorizer form). */
    public static Bytes payload(boolean toMon, EntityName name, long globalId) {
        DencWriter w = new DencWriter();
        w.u8(toMon ? AUTH_MODE_MON : AUTH_MODE_AUTHORIZER);
        w.u32(name.type().value()).string(name.id());
        w.u64(globalId);
        return w.toBytes();
    }

    /** What a server reads from a payload: the mode byte, the name and the global id. */
    public record Request(int mode, EntityName name, long globalId) {}

    public static Optional<Request> parse(Bytes payload) {
        DencReader r = new DencReader(payload);
        int mode = r.u8();
        int type = r.u32();
        String id = r.string();
        long gid = r.u64();
        if (r.failed() || type < 0 || type > 0xff) {
            return Optional.empty();
        }
        return Optional.of(new Request(mode, new EntityName(new EntityType(type), id), gid));
    }

    /** The client machine: one AUTH_REQUEST, then AUTH_DONE. */
    public record Client(EntityName name, long globalId, boolean toMon) implements ClientAuth {
        @Override
        public AuthMethod method() {
            return AuthMethod.NONE;
        }

        @Override
        public Result start(Env env) {
            return new Result.Send(payload(toMon, name, globalId), this, env);
        }

        @Override
        public Result onReplyMore(Bytes payload, Env env) {
            return new Result.Failed("auth none has no second round");
        }

        @Override
        public Result onDone(AuthDone done, Env env) {
            return new Result.Done(new AuthOutcome(done.globalId(), done.mode(), Bytes.EMPTY, Bytes.EMPTY), env);
        }
    }

    /** The server machine: accepts any name in one round. */
    public record Server() implements ServerAuth {
        @Override
        public AuthMethod method() {
            return AuthMethod.NONE;
        }

        @Override
        public Result onRequest(Bytes payload, EntityType peerType, ConnectionMode mode, Env env) {
            Optional<Request> req = parse(payload);
            if (req.isEmpty()) {
                return new Result.Refused(-13, "auth none payload does not decode");
            }
            long gid = req.get().globalId();
            Env e = env;
            if (req.get().mode() >= AUTH_MODE_MON && req.get().mode() <= AUTH_MODE_MON_MAX && gid == 0) {
                Env.Draw<Long> d = env.globalId();
                gid = d.value();
                e = d.env();
            }
            return new Result.Done(new AuthOutcome(gid, mode, Bytes.EMPTY, Bytes.EMPTY).withEntity(req.get().name()),
                    Bytes.EMPTY, e);
        }

        @Override
        public Result onRequestMore(Bytes payload, Env env) {
            return new Result.Refused(-13, "auth none has no second round");
        }
    }

    /** Auth none both ways, crc only. */
    record Config(EntityName name, long globalId) implements AuthConfig {
        @Override
        public List<AuthMethod> clientMethods() {
            return List.of(AuthMethod.NONE);
        }

        @Override
        public List<ConnectionMode> clientModes() {
            return List.of(ConnectionMode.CRC);
        }

        @Override
        public Optional<ClientAuth> client(AuthMethod method, EntityType peerType) {
            return method.equals(AuthMethod.NONE)
                    ? Optional.of(new Client(name, globalId, peerType.equals(EntityType.MON)))
                    : Optional.empty();
        }

        @Override
        public List<AuthMethod> serverMethods() {
            return List.of(AuthMethod.NONE);
        }

        @Override
        public List<ConnectionMode> serverModes() {
            return List.of(ConnectionMode.CRC);
        }

        @Override
        public Optional<ServerAuth> server(AuthMethod method) {
            return method.equals(AuthMethod.NONE) ? Optional.of(new Server()) : Optional.empty();
        }
    }
}
