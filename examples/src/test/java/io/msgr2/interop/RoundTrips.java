package io.msgr2.interop;

import io.msgr2.io.MessengerOptions;
import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MessageType;
import io.msgr2.testkit.CephLab;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Counts round trips from TCP connect to the first MESSAGE through a {@link DelayProxy} in
 * front of a lab mon: for Ceph's own client ({@code ceph -s}) and for ours, with and
 * without pipelining.
 */
final class RoundTrips {
    static final long DELAY_MS = 100;

    private RoundTrips() {}

    record Count(long roundTrips, double millis) {
        @Override
        public String toString() {
            return roundTrips + " (" + Math.round(millis) + " ms at " + DELAY_MS + " ms each way)";
        }
    }

    static Count ours(CephLab lab, AuthConfig auth, boolean pipelining) throws Exception {
        MessengerOptions o = MessengerOptions.builder().name(new io.msgr2.spec.wire.EntityName(EntityType.CLIENT, "admin"))
                .auth(auth).pipelining(pipelining).build();
        // one connection first, so that the measured one runs compiled code, as Ceph's does
        try (Msgr2Messenger m = Msgr2Messenger.client(o, new Msgr2Listener() {})) {
            Msgr2Connection c = m.connect(lab.monAddr(), EntityType.MON);
            c.send(MessageType.PING, Bytes.EMPTY);
            c.awaitReady(java.time.Duration.ofSeconds(10));
        }
        try (DelayProxy p = new DelayProxy(lab.monAddr(), DELAY_MS);
             Msgr2Messenger m = Msgr2Messenger.client(o, new Msgr2Listener() {})) {
            Msgr2Connection c = m.connect(new InetSocketAddress("127.0.0.1", p.port()), EntityType.MON);
            c.send(MessageType.PING, Bytes.EMPTY); // queued: it goes out the moment the session is READY
            long n = p.roundTrips(10_000);
            return new Count(n, p.elapsedMillis());
        }
    }

    static Count ceph(CephLab lab, String auth) throws Exception {
        try (DelayProxy p = new DelayProxy(lab.monAddr(), DELAY_MS)) {
            List<String> cmd = new ArrayList<>(List.of("ceph", "--conf", "/dev/null", "-m", "v2:127.0.0.1:" + p.port(),
                    "--auth-client-required", auth, "--ms-mon-client-mode", "crc", "--connect-timeout", "10",
                    "--log-file", "/dev/null", "-s"));
            if (auth.equals("cephx")) {
                cmd.addAll(List.of("--keyring", lab.keyring().toString()));
            }
            Path out = Files.createTempFile("ceph", ".out");
            Process ceph = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                long n = p.roundTrips(20_000);
                return new Count(n, p.elapsedMillis());
            } finally {
                ceph.destroy();
                ceph.waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(out);
            }
        }
    }
}
