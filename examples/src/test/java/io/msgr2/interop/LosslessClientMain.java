package io.msgr2.interop;

import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.io.MessengerOptions;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.conn.Compression;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MessageType;
import io.msgr2.spec.wire.MsgHeader2;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Our client with a lossless session, for {@code probe client --lossless}: {@code java ...
 * LosslessClientMain v2:HOST:PORT KEY} connects as client.admin with cephx (secure preferred,
 * compression offered), keeps its session lossless (Ceph's lossless_peer policy) and sends a
 * PING, then lives for 8 s so the probe sees what it does.
 */
public final class LosslessClientMain {
    private LosslessClientMain() {}

    public static void main(String[] args) throws Exception {
        String[] hp = args[0].replaceFirst("^v2:", "").split(":");
        EntityName admin = new EntityName(EntityType.CLIENT, "admin");
        CryptoKey key = CryptoKey.fromBase64(args[1]).orElseThrow();
        try (Msgr2Messenger m = Msgr2Messenger.client(MessengerOptions.builder().name(admin)
                .auth(CephxConfig.client(admin, key).withModes(List.of(ConnectionMode.SECURE, ConnectionMode.CRC)))
                .compression(Compression.DECLINE).putPolicies(EntityType.MON, Policy.LOSSLESS_PEER).build(),
                new Msgr2Listener() {})) {
            Msgr2Connection c = m.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), EntityType.MON);
            c.send(new Message(MsgHeader2.of(MessageType.PING, MsgHeader2.PRIO_DEFAULT, 1, 0), Bytes.EMPTY, Bytes.EMPTY,
                    Bytes.EMPTY));
            Thread.sleep(8000);
        }
    }
}
