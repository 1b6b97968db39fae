package io.msgr2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JavaToJavaTest {
    static final EntityName MON = new EntityName(EntityType.MON, "a");
    static final EntityName ADMIN = new EntityName(EntityType.CLIENT, "admin");

    @ParameterizedTest(name = "client on {0}, server on {1}")
    @MethodSource("io.msgr2.io.Stacks#pairs")
    void clientAndServerReachReadyAndEcho(String clientStack, String serverStack) throws Exception {
        MessengerOptions serverOpts = MessengerOptions.builder().name(MON).gid(0).auth(AuthConfig.none(MON, 0))
                .defaultPolicy(Policy.STATELESS_SERVER).stack(Stacks.named(serverStack)).build();
        try (Msgr2Messenger server = Msgr2Messenger.server(serverOpts, new InetSocketAddress("127.0.0.1", 0),
                new Msgr2Listener() {
                    @Override
                    public void onMessage(Msgr2Connection c, Message m) {
                        c.send(m.header().type(), m.front());
                    }
                })) {
            LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
            try (Msgr2Messenger client = Msgr2Messenger.client(MessengerOptions.builder().name(ADMIN)
                    .auth(AuthConfig.none(ADMIN, 0)).stack(Stacks.named(clientStack)).build(), new Msgr2Listener() {
                        @Override
                        public void onMessage(Msgr2Connection c, Message m) {
                            got.add(m);
                        }
                    })) {
                Msgr2Connection c = client.connect(new InetSocketAddress("127.0.0.1", server.port()), EntityType.MON);
                c.awaitReady(Duration.ofSeconds(5));
                assertEquals(StateKind.READY, c.state());
                for (int i = 0; i < 10; i++) {
                    c.send(2, Bytes.ascii("hello " + i));
                }
                for (int i = 0; i < 10; i++) {
                    Message m = got.poll(5, TimeUnit.SECONDS);
                    assertEquals("hello " + i, new String(m.front().toByteArray()));
                }
            }
        }
    }
}
