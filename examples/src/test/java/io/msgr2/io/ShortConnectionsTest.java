package io.msgr2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.conn.StateKind;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * About 1,000 short connections over real sockets on each stack: each reaches READY and is
 * closed. Afterwards neither messenger holds more than its closed-connection history (64): no
 * transport, handle or timer is left, and a handle the application kept answers with the state
 * it closed in.
 */
class ShortConnectionsTest {
    static final int CONNECTIONS = 1_000;
    static final int HISTORY = 64;

    @ParameterizedTest(name = "client on {0}, server on {1}")
    @MethodSource("io.msgr2.io.Stacks#pairs")
    void closedConnectionsLeaveBothMessengers(String clientStack, String serverStack) throws Exception {
        EntityName mon = new EntityName(EntityType.MON, "a");
        EntityName admin = new EntityName(EntityType.CLIENT, "admin");
        AtomicInteger accepted = new AtomicInteger();
        try (Msgr2Messenger server = Msgr2Messenger.server(MessengerOptions.builder().name(mon).gid(0)
                .auth(AuthConfig.none(mon, 0)).defaultPolicy(Policy.STATELESS_SERVER).closedHistory(HISTORY)
                .stack(Stacks.named(serverStack)).build(), new InetSocketAddress("127.0.0.1", 0), new Msgr2Listener() {
                    @Override
                    public void onAccepted(Msgr2Connection c) {
                        accepted.incrementAndGet();
                    }
                });
             Msgr2Messenger client = Msgr2Messenger.client(MessengerOptions.builder().name(admin)
                     .auth(AuthConfig.none(admin, 0)).closedHistory(HISTORY).stack(Stacks.named(clientStack)).build(),
                     new Msgr2Listener() {})) {
            List<Msgr2Connection> kept = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                Msgr2Connection c = client.connect(server.addrs(), EntityType.MON);
                c.awaitReady(Duration.ofSeconds(10));
                c.close();
                if (i % 100 == 0) {
                    kept.add(c);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while ((server.footprint().transports() > 0 || server.footprint().handles() > 0
                    || accepted.get() < CONNECTIONS) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(CONNECTIONS, accepted.get());
            for (Msgr2Messenger m : List.of(server, client)) {
                Msgr2Messenger.Footprint f = m.footprint();
                assertTrue(f.conns() <= HISTORY, "records: " + f);
                assertEquals(0, f.transports(), "transports: " + f);
                assertEquals(0, f.handles(), "handles: " + f);
                assertEquals(0, f.timers(), "timers: " + f);
            }
            for (Msgr2Connection c : kept) {
                assertEquals(StateKind.CLOSED, c.state()); // evicted long ago: the state it closed in
            }
            System.out.println("short connections (client " + clientStack + ", server " + serverStack + "): "
                    + CONNECTIONS + " closed; server holds " + server.footprint() + ", client " + client.footprint());
        }
    }
}
