package io.msgr2.conform.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No client scenario passes vacuously: each one FAILs against a client built to break exactly
 * its rule ({@link DeviantClient}: our spec and codec with one hook, a blind script, or a
 * client that hangs), and the same client without a deviation passes every scenario that
 * applies to it (the session scenarios skip for it: it is a lossy mon client).
 */
class ClientScenarioDeviationTest {
    static final Duration TIMEOUT = Duration.ofSeconds(6);
    static final InetSocketAddress UNUSED = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    static ClientScenarios.ServerAuth auth() {
        return new ClientScenarios.ServerAuth(Optional.of(io.msgr2.spec.auth.cephx.KeyServer.create(
                io.msgr2.spec.auth.cephx.Keyring.of(ServerScenarioDeviationTest.ADMIN,
                        ServerScenarioDeviationTest.KEY.key(), java.util.Map.of("mon", "allow *")),
                ServerScenarioDeviationTest.KEY.entropy(), ServerScenarioDeviationTest.NOW).keyServer()));
    }

    /** How to start the deviant client: this JVM's java on the test's classes. */
    static String command(String rule, boolean good) {
        Set<String> cp = new LinkedHashSet<>();
        for (String prop : List.of("java.class.path", "jdk.module.path")) {
            String v = System.getProperty(prop, "");
            for (String e : v.split(File.pathSeparator)) {
                if (!e.isBlank()) {
                    cp.add(e);
                }
            }
        }
        for (Class<?> c : List.of(DeviantClient.class, SpecPeer.class)) {
            cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath()).toString());
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        return java + " -Dsun.misc.unsafe.memory.access=allow -cp " + String.join(File.pathSeparator, cp) + " "
                + DeviantClient.class.getName() + " " + rule + " {addr} "
                + ServerScenarioDeviationTest.KEY.key().toBase64() + (good ? " good" : "");
    }

    static Stream<String> names() {
        return ClientScenarios.all("x {addr}", auth(), true).stream().map(Scenario::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void failsAgainstAClientThatBreaksItsRule(String name) {
        Scenario s = ClientScenarios.all(command(name, false), auth(), true).stream()
                .filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        Outcome o = s.run(UNUSED, TIMEOUT);
        assertEquals(Verdict.FAIL, o.verdict(), name + " against a client that breaks it: " + o);
    }

    /** Each scenario against the client without its deviation: all pass but the session ones, which skip. */
    @Test
    void theClientWithoutADeviationPassesEveryScenario() {
        List<Scenario> all = ClientScenarios.all("x {addr}", auth(), false);
        StringBuilder lines = new StringBuilder();
        long passed = 0;
        long skipped = 0;
        for (Scenario template : all) {
            Scenario s = ClientScenarios.all(command(template.name(), true), auth(), false).stream()
                    .filter(x -> x.name().equals(template.name())).findFirst().orElseThrow();
            Outcome o = s.run(UNUSED, TIMEOUT);
            lines.append(o.verdict()).append(' ').append(s.name()).append(": ").append(o.observed()).append('\n');
            passed += o.verdict() == Verdict.PASS ? 1 : 0;
            skipped += o.verdict() == Verdict.SKIP ? 1 : 0;
        }
        assertEquals(all.size() - 8, passed, lines.toString());
        assertEquals(8, skipped, lines.toString());
    }
}
