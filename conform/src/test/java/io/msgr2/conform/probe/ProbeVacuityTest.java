package io.msgr2.conform.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * No server scenario passes vacuously: against a peer that accepts and reads but never answers
 * or closes, every one fails; the JUnit XML and the summary say so.
 */
class ProbeVacuityTest {
    @Test
    void aSilentServerFailsEveryScenario() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                while (!ss.isClosed()) {
                    try {
                        Socket s = ss.accept();
                        held.add(s);
                        Thread.ofVirtual().start(() -> {
                            try (InputStream in = s.getInputStream()) {
                                in.transferTo(java.io.OutputStream.nullOutputStream());
                            } catch (Exception e) {
                                // the probe closed
                            }
                        });
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            // with a key, so that the secure-mode scenarios run too (a silent server never asks for it)
            Credentials who = new Credentials(Credentials.NONE.name(), java.util.Optional.of(
                    io.msgr2.spec.auth.cephx.CryptoKey.random(io.msgr2.spec.Entropy.seeded(1),
                            io.msgr2.spec.wire.UTime.ZERO).key()));
            Probe.Report r = Probe.run(ServerScenarios.all(who, 0), new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    ss.getLocalPort()), Duration.ofMillis(300), "");
            // none passes; only the scenarios that first ask the server what it is (a mon for the wrong key,
            // an OSD for the lossless reconnects) skip, since a silent server says nothing
            String lines = String.join("\n", r.results().stream().map(Probe.Result::line).toList());
            assertEquals(0, r.count(Verdict.PASS), lines);
            assertTrue(r.results().stream().filter(x -> x.outcome().verdict() == Verdict.SKIP).allMatch(x ->
                    x.scenario() instanceof LosslessReconnect || x.scenario() instanceof AfterAuthScenarios.WrongKey),
                    lines);
            assertTrue(r.count(Verdict.FAIL) >= 40, r.summary());
            assertTrue(r.summary().startsWith("0 passed, " + r.count(Verdict.FAIL) + " failed"), r.summary());
            assertTrue(r.junitXml("x").contains("failures=\"" + r.count(Verdict.FAIL) + "\""));
            t.interrupt();
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
