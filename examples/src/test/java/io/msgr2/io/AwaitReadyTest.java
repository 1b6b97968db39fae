package io.msgr2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.conn.CloseReason;
import io.msgr2.spec.wire.EntityType;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Msgr2Connection#awaitReady} fails as soon as the failure is final: a lossy client whose
 * TCP connection is refused gets a typed {@link Msgr2Connection.ConnectionFailedException}
 * naming the transport failure, not a timeout after the whole wait.
 */
class AwaitReadyTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"netty", "blocking"})
    void aRefusedLossyConnectionFailsAtOnceWithItsReason(String stack) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        try (Msgr2Messenger client = Msgr2Messenger.client(MessengerOptions.builder().name(JavaToJavaTest.ADMIN)
                .auth(AuthConfig.none(JavaToJavaTest.ADMIN, 0)).stack(Stacks.named(stack)).build(),
                new Msgr2Listener() {})) {
            Msgr2Connection c = client.connect(new InetSocketAddress("127.0.0.1", port), EntityType.MON);
            Msgr2Connection.ConnectionFailedException e = assertThrows(Msgr2Connection.ConnectionFailedException.class,
                    () -> c.awaitReady(Duration.ofSeconds(60)));
            assertFalse(e.getMessage().startsWith("not ready after"), e.getMessage());
            assertTrue(e.getMessage().startsWith("the TCP connection failed"), e.getMessage());
            assertInstanceOf(CloseReason.TransportLost.class, e.reason().orElseThrow());
            // and nothing retries behind the caller's back: the lossy connection is closed
            for (int i = 0; i < 100 && c.state() != io.msgr2.spec.conn.StateKind.CLOSED; i++) {
                Thread.sleep(20);
            }
            assertEquals(io.msgr2.spec.conn.StateKind.CLOSED, c.state());
        }
    }
}
