package io.msgr2.testkit;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.AuthOutcome;
import io.msgr2.spec.auth.ClientAuth;
import io.msgr2.spec.auth.ServerAuth;
import io.msgr2.spec.conn.Env;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityType;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A test-only auth method (it claims id 2, cephx, on the wire, but is not cephx), shaped
 * like cephx's mon round: the client sends a random nonce; the server answers
 * AUTH_REPLY_MORE with a random challenge; the client proves it holds the shared secret with
 * HMAC(secret, challenge) in AUTH_REQUEST_MORE; both derive a session key (for
 * AUTH_SIGNATURE) and a 64-byte connection secret (for secure mode) from the nonce. It lets
 * the simulator run the MORE round, secure mode and real signatures without a key server.
 */
public record SharedKeyAuth(Bytes secret, List<ConnectionMode> modes) implements AuthConfig {
    public static SharedKeyAuth secure(Bytes secret) {
        return new SharedKeyAuth(secret, List.of(ConnectionMode.SECURE, ConnectionMode.CRC));
    }

    @Override
    public List<AuthMethod> clientMethods() {
        return List.of(AuthMethod.CEPHX);
    }

    @Override
    public List<ConnectionMode> clientModes() {
        return modes;
    }

    @Override
    public Optional<ClientAuth> client(AuthMethod method, EntityType peerType) {
        return method.equals(AuthMethod.CEPHX) ? Optional.of(new Client(secret, Bytes.EMPTY)) : Optional.empty();
    }

    @Override
    public List<AuthMethod> serverMethods() {
        return List.of(AuthMethod.CEPHX);
    }

    @Override
    public List<ConnectionMode> serverModes() {
        return modes;
    }

    @Override
    public Optional<ServerAuth> server(AuthMethod method) {
        return method.equals(AuthMethod.CEPHX) ? Optional.of(new Server(secret)) : Optional.empty();
    }

    static AuthOutcome outcome(Bytes secret, Bytes nonce, long globalId, ConnectionMode mode) {
        Bytes sessionKey = hmac(secret, Bytes.concat(Bytes.ascii("session"), nonce)).slice(0, 16);
        Bytes conn = mode.equals(ConnectionMode.SECURE)
                ? Bytes.concat(hmac(secret, Bytes.concat(Bytes.ascii("secret1"), nonce)),
                        hmac(secret, Bytes.concat(Bytes.ascii("secret2"), nonce)))
                : Bytes.EMPTY;
        return new AuthOutcome(globalId, mode, sessionKey, conn);
    }

    record Client(Bytes secret, Bytes nonce) implements ClientAuth {
        public AuthMethod method() {
            return AuthMethod.CEPHX;
        }

        public Result start(Env e) {
            Entropy.Drawn d = e.entropy().take(16);
            return new Result.Send(d.bytes(), new Client(secret, d.bytes()), e.withEntropy(d.rest()));
        }

        public Result onReplyMore(Bytes challenge, Env e) {
            return new Result.Send(hmac(secret, challenge), this, e);
        }

        public Result onDone(AuthDone done, Env e) {
            return new Result.Done(outcome(secret, nonce, done.globalId(), done.mode()), e);
        }
    }

    record Server(Bytes secret, Bytes nonce, Bytes challenge, ConnectionMode mode) implements ServerAuth {
        Server(Bytes secret) {
            this(secret, Bytes.EMPTY, Bytes.EMPTY, ConnectionMode.UNKNOWN);
        }

        public AuthMethod method() {
            return AuthMethod.CEPHX;
        }

        public Result onRequest(Bytes payload, EntityType peerType, ConnectionMode mode, Env env) {
            if (payload.length() != 16) {
                return new Result.Refused(-13, "bad nonce");
            }
            Entropy.Drawn ch = env.entropy().take(8);
            return new Result.More(ch.bytes(), new Server(secret, payload, ch.bytes(), mode), env.withEntropy(ch.rest()));
        }

        public Result onRequestMore(Bytes proof, Env env) {
            if (challenge.isEmpty() || !proof.equals(hmac(secret, challenge))) {
                return new Result.Refused(-13, "wrong proof");
            }
            Env.Draw<Long> gid = env.globalId();
            return new Result.Done(outcome(secret, nonce, gid.value(), mode), Bytes.EMPTY, gid.env());
        }
    }

    private static Bytes hmac(Bytes key, Bytes data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.toByteArray(), "HmacSHA256"));
            return Bytes.wrap(mac.doFinal(data.toByteArray()));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
