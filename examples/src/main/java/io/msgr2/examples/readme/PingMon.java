package io.msgr2.examples.readme;

import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MessageType;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Pings a mon and prints its answer: java PingMon HOST PORT [CEPHX_KEY]. */
public final class PingMon {
    public static void main(String[] args) throws Exception {
        EntityName admin = new EntityName(EntityType.CLIENT, "admin");
        AuthConfig auth = args.length > 2
                ? CephxConfig.client(admin, CryptoKey.fromBase64(args[2]).orElseThrow()) // cephx, Ceph's modes
                : AuthConfig.none(admin, 0);
        LinkedBlockingQueue<Message> replies = new LinkedBlockingQueue<>();
        try (Msgr2Messenger m = Msgr2Messenger.client(MessengerOptions.builder().name(admin).auth(auth).build(),
                new Msgr2Listener() {
                    @Override
                    public void onMessage(Msgr2Connection c, Message msg) {
                        replies.add(msg);
                    }
                })) {
            Msgr2Connection mon = m.connect(new InetSocketAddress(args[0], Integer.parseInt(args[1])), EntityType.MON);
            mon.awaitReady(Duration.ofSeconds(10));
            mon.send(MessageType.PING, Bytes.EMPTY);
            Message reply = replies.poll(10, TimeUnit.SECONDS);
            System.out.println(reply == null ? "no reply" : new DencReader(reply.front()).string()); // JSON status
        }
    }
}
