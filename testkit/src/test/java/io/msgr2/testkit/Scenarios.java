package io.msgr2.testkit;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.AuthNone;
import io.msgr2.spec.auth.ClientAuth;
import io.msgr2.spec.auth.ServerAuth;
import io.msgr2.spec.conn.Config;
import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.ImmutableConfig;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.Messenger;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MsgHeader2;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The golden-transcript scenarios, each a small world driven to a known situation. Their
 * transcripts are the frames each side sent, the state changes and notifications, in order.
 */
final class Scenarios {
    private Scenarios() {}

    static Message msg(String front) {
        return new Message(MsgHeader2.of(1, MsgHeader2.PRIO_DEFAULT, 1, 1), Bytes.ascii(front), Bytes.EMPTY,
                Bytes.EMPTY);
    }

    /** The transcript lines: sends, state changes, notifications, severs, closes; times and cookies masked. */
    static List<String> transcript(Sim sim) {
        return sim.trace().stream().map(l -> l.substring(13))
                .filter(l -> l.contains(" > ") || l.contains(" -> ") || l.contains(" NOTIFY ") || l.startsWith("SEVER")
                        || l.contains(" CLOSE ") || l.contains(" RESTART"))
                .map(l -> l.replaceAll("cookie=0x[0-9a-f]{2,}", "cookie=<random>")
                        .replaceAll("(addrs=\\[any:[0-9.]+:0/)\\d+", "$1N")
                        .replaceAll(" \\(t\\d+\\)", ""))
                .toList();
    }

    static Sim.Peer mon(Sim sim) {
        return sim.addPeer("mon", Configs.mon("a"), Configs.v2(1, 3300, 0));
    }

    static Sim.Peer client(Sim sim) {
        return sim.addPeer("client", Configs.client("admin"), Configs.clientAddr(1234));
    }

    static long dial(Sim sim, Sim.Peer from, Sim.Peer to, EntityType type) {
        long[] id = new long[1];
        sim.act(from, m -> {
            Messenger.Result r = m.dial(to.addrs(), type);
            id[0] = r.conn();
            return r;
        });
        return id[0];
    }

    static Conn conn(Sim.Peer p, long id) {
        return p.messenger().conn(id).orElseThrow();
    }

    /** Replaces connection {@code id}'s state in {@code p}'s messenger (to set up a situation). */
    static void edit(Sim.Peer p, long id, UnaryOperator<Conn> f) {
        Messenger m = p.messenger();
        Conn c = m.conn(id).orElseThrow();
        p.messenger = new Messenger(m.config(), m.env(), m.conns().put(id, f.apply(c)), m.transportOf(), m.connOf(),
                m.registry(), m.closed(), m.nextId());
    }

    static long onlyConn(Sim.Peer p) {
        return p.messenger().conns().filter(e -> e._2.kind() != StateKind.CLOSED).head()._1;
    }

    /**
     * A client auth config that first tries a method the server does not allow (a stand-in
     * for cephx toward a server that only allows none), then none.
     */
    static Config clientTryingCephxFirst() {
        EntityName name = new EntityName(EntityType.CLIENT, "admin");
        AuthConfig none = AuthConfig.none(name, 0);
        AuthConfig auth = new AuthConfig() {
            public List<AuthMethod> clientMethods() {
                return List.of(AuthMethod.CEPHX, AuthMethod.NONE);
            }

            public List<ConnectionMode> clientModes() {
                return List.of(ConnectionMode.CRC);
            }

            public Optional<ClientAuth> client(AuthMethod method, EntityType peerType) {
                if (method.equals(AuthMethod.CEPHX)) {
                    return Optional.of(new ClientAuth() {
                        public AuthMethod method() {
                            return AuthMethod.CEPHX;
                        }

                        public Result start(io.msgr2.spec.conn.Env e) {
                            return new Result.Send(AuthNone.payload(true, name, 0), this, e);
                        }

                        public Result onReplyMore(Bytes p, io.msgr2.spec.conn.Env e) {
                            return new Result.Failed("stub");
                        }

                        public Result onDone(AuthDone d, io.msgr2.spec.conn.Env e) {
                            return new Result.Failed("stub");
                        }
                    });
                }
                return none.client(method, peerType);
            }

            public List<AuthMethod> serverMethods() {
                return none.serverMethods();
            }

            public List<ConnectionMode> serverModes() {
                return none.serverModes();
            }

            public Optional<ServerAuth> server(AuthMethod method) {
                return none.server(method);
            }
        };
        return ImmutableConfig.builder().from(Configs.client("admin")).auth(auth).build();
    }

    static void send(Sim sim, Sim.Peer p, long conn, String front) {
        sim.act(p, m -> m.onConnection(conn, new Input.SendRequested(msg(front))));
    }
}
