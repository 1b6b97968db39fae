package io.msgr2.examples;

import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.conn.CloseReason;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MessageType;
import io.msgr2.spec.wire.MsgHeader2;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

/**
 * {@code msgr2 serve --port P [--as mon|osd|mgr|mds|client] [--auth none] [--mode crc]}: a
 * msgr2 server that presents itself as the given entity type (mon by default, since the
 * {@code ceph} CLI stops when HELLO says anything else), answers CEPH_MSG_PING with a PING
 * and echoes every other message. It logs each session that reaches READY.
 */
final class ServeCommand {
    private ServeCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Args a = new Args(argv, Set.of("port", "as", "auth", "mode", "keyring", "service-key", "bind", "for"),
                Set.of("trace"));
        int port = Integer.parseInt(a.require("port"));
        String as = a.get("as").orElse("mon");
        EntityType type = EntityType.byName(as)
                .orElseThrow(() -> new Args.UsageException("--as takes mon, osd, mgr, mds or client"));
        String auth = a.get("auth").orElse("none");
        if (!auth.equals("none")) {
            throw new Args.UsageException("--auth " + auth + " is not implemented yet (issue 5); use --auth none");
        }
        EntityName name = new EntityName(type, type.equals(EntityType.MON) ? "a" : "0");
        io.msgr2.io.ImmutableMessengerOptions.Builder b = MessengerOptions.builder().name(name).gid(type.equals(EntityType.MON) ? 0 : 1)
                .auth(AuthConfig.none(name, 0)).defaultPolicy(Policy.STATELESS_SERVER).nonce(0);
        if (a.flag("trace")) {
            b.tracer(line -> out.println("trace | " + line));
        }
        String bind = a.get("bind").orElse("127.0.0.1");
        Msgr2Messenger m = Msgr2Messenger.server(b.build(), new InetSocketAddress(bind, port), new Msgr2Listener() {
            @Override
            public void onAccepted(Msgr2Connection c) {
                var s = c.snapshot().session();
                out.println("READY: accepted " + s.peer().type() + "." + s.peer().gid() + " at " + s.peer().addrs()
                        + " (" + c + ", " + c.snapshot().link().map(l -> l.auth().map(x -> x.mode().toString())
                        .orElse("?") + (l.rev1() ? ", msgr2.1" : ", msgr2.0")).orElse("") + ")");
            }

            @Override
            public void onMessage(Msgr2Connection c, Message msg) {
                out.println("message " + MessageType.describe(msg.header().type()) + " seq " + msg.header().seq()
                        + " front " + msg.front().length() + "B from " + c);
                if (msg.header().type() == MessageType.PING) {
                    DencWriter w = new DencWriter();
                    w.string("{\"pong\":\"msgr2-java\",\"as\":\"" + name + "\"}");
                    c.send(new Message(MsgHeader2.of(MessageType.PING, MsgHeader2.PRIO_DEFAULT, 1, 0), w.toBytes(),
                            Bytes.EMPTY, Bytes.EMPTY));
                } else {
                    c.send(new Message(MsgHeader2.of(msg.header().type(), msg.header().priority(),
                            msg.header().version(), msg.header().compatVersion()), msg.front(), msg.middle(), msg.data()));
                }
            }

            @Override
            public void onTransportClosed(Msgr2Connection c, CloseReason reason) {
                out.println("closed " + c + ": " + reason);
            }
        });
        out.println("msgr2 serve: " + name + " listening on " + m.addrs() + " (auth " + auth + ")");
        long seconds = Long.parseLong(a.get("for").orElse("0"));
        Runtime.getRuntime().addShutdownHook(new Thread(m::close));
        if (seconds > 0) {
            Thread.sleep(seconds * 1000);
            m.close();
        } else {
            Thread.currentThread().join();
        }
        return 0;
    }
}
