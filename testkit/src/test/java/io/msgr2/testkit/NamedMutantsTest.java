package io.msgr2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bugs that matter, planted one at a time in the spec's source, must be caught by the same
 * checks {@link ChaosTest} runs: each mutant below is one textual change to one file of
 * {@code spec/src/main/java}; the test compiles the changed file, loads it ahead of the real
 * one in a class loader of its own, and runs the chaos schedules of ChaosTest (same seeds,
 * same options) until {@link Invariants} or {@link Liveness} reports a violation. A mutant
 * that no schedule catches fails the test; so does a mutant whose original text is no longer
 * in the file (the code moved on: update the mutant, do not drop it).
 */
class NamedMutantsTest {
    /** One planted bug: in {@code file}, {@code original} (exactly once) becomes {@code mutated}. */
    record Mutant(String name, String file, String original, String mutated, String why) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Mutant> mutants() {
        return Stream.of(
                new Mutant("requeue-skipped", "conn/Faults.java",
                        "return n == 0 ? s : s.withMessages(s.inSeq(), s.outSeq() - n, s.ackLeft(), s.out().requeueSent());",
                        "return s;",
                        "a fault forgets the messages sent but not acknowledged (requeue_sent): they are never resent"),
                new Mutant("duplicate-delivered", "conn/ReadyPhase.java",
                        "if (seq <= s.inSeq()) {\n            return Transition.stay(c);\n        }",
                        "",
                        "a MESSAGE at or below in_seq is delivered again instead of dropped as old"),
                new Mutant("reconnect-connect-seq-not-bumped", "conn/Faults.java",
                        "d = d.withSession(s.withSeqs(gs.value(), s.connectSeq() + 1).withBackoff(Duration.ZERO));",
                        "d = d.withSession(s.withSeqs(gs.value(), s.connectSeq()).withBackoff(Duration.ZERO));",
                        "a session that faults in READY reconnects with the same connect_seq instead of connect_seq + 1"),
                new Mutant("stale-connect-seq-taken-over", "internal/SessionDecisions.java",
                        "if (es.connectSeq() > r.connectSeq()) {",
                        "if (es.connectSeq() > r.connectSeq() + 1) {",
                        "a SESSION_RECONNECT one connect_seq behind the session is taken over instead of told RETRY"),
                new Mutant("ack-never-sent", "conn/ReadyPhase.java",
                        "if (ackLeft > 0) {",
                        "if (ackLeft < 0) {",
                        "a lossless receiver never sends an ACK frame (only the ack_seq of its own messages acknowledges)"),
                new Mutant("reconnect-msg-seq-off-by-one", "conn/ClientSessionPhase.java",
                        "s.globalSeq(), s.connectSeq(), s.inSeq());",
                        "s.globalSeq(), s.connectSeq(), s.inSeq() + 1);",
                        "SESSION_RECONNECT claims one message more than arrived: the server discards it from its replay"),
                new Mutant("remote-reset-not-notified", "conn/ClientSessionPhase.java",
                        "out.add(new Effect.Notify(ConnectionEvent.REMOTE_RESET));",
                        "",
                        "a full SESSION_RESET drops the queue without telling the application"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutants")
    void theChaosChecksCatchIt(Mutant m, @TempDir Path tmp) throws Exception {
        Path source = Path.of("..", "spec", "src", "main", "java", "io", "msgr2", "spec").resolve(m.file());
        String text = Files.readString(source);
        int at = text.indexOf(m.original());
        assertTrue(at >= 0, m.name() + ": the original text is no longer in " + source);
        assertEquals(-1, text.indexOf(m.original(), at + 1), m.name() + ": the original text is not unique");
        String mutated = text.substring(0, at) + m.mutated() + text.substring(at + m.original().length());

        List<String> classpath = classpath();
        Path src = tmp.resolve("src").resolve(source.getFileName().toString());
        Files.createDirectories(src.getParent());
        Files.writeString(src, mutated, StandardCharsets.UTF_8);
        Path out = Files.createDirectories(tmp.resolve("classes"));
        int rc = javac("-proc:none", "--release", "21", "-nowarn", "-cp",
                String.join(File.pathSeparator, classpath), "-d", out.toString(), src.toString());
        assertEquals(0, rc, m.name() + ": the mutant does not compile");

        List<URL> urls = new ArrayList<>();
        urls.add(out.toUri().toURL());
        for (String e : classpath) {
            urls.add(Path.of(e).toUri().toURL());
        }
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (URLClassLoader loader = new ChildFirst(m.name(), urls)) {
            t.setContextClassLoader(loader);
            Class<?> chaos = loader.loadClass(Chaos.class.getName());
            Class<?> options = loader.loadClass(Chaos.Options.class.getName());
            Method run = chaos.getMethod("run", long.class, options);
            Object defaults = options.getField("DEFAULT").get(null);
            Class<?> planted = loader.loadClass("io.msgr2.spec." + m.file().replace(".java", "").replace('/', '.'));
            assertEquals(loader, planted.getClassLoader(), "the mutated class must come from the mutant's loader");
            for (long seed = 0; seed < ChaosTest.SEEDS; seed++) {
                Object report = run.invoke(null, seed, defaults);
                @SuppressWarnings("unchecked")
                List<String> violations = (List<String>) report.getClass().getMethod("violations").invoke(report);
                if (!violations.isEmpty()) {
                    System.out.println("mutant " + m.name() + " (" + m.why() + "): caught by ChaosTest's checks at seed "
                            + seed + ": " + violations.get(0));
                    return;
                }
            }
        } finally {
            t.setContextClassLoader(before);
        }
        throw new AssertionError("mutant " + m.name() + " (" + m.why() + ") survived " + ChaosTest.SEEDS
                + " chaos schedules");
    }

    /**
     * Loads every class it can find itself before asking the platform loader: the platform
     * loader would hand the spec's packages to the application loader (they belong to a module
     * of the boot layer), and with them the original of the mutated class.
     */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(String name, List<URL> urls) {
            super("mutant-" + name, urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && !name.startsWith("java.")) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notHere) {
                        c = null;
                    }
                }
                if (c == null) {
                    c = super.loadClass(name, false);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    /**
     * The JDK's compiler, through reflection: this test runs inside the module
     * {@code io.msgr2.testkit}, which does not read {@code java.compiler}, and core reflection
     * needs no readability (the package is exported).
     */
    private static int javac(String... args) throws ReflectiveOperationException {
        Object compiler = Class.forName("javax.tools.ToolProvider").getMethod("getSystemJavaCompiler").invoke(null);
        Method run = Class.forName("javax.tools.Tool").getMethod("run", java.io.InputStream.class,
                java.io.OutputStream.class, java.io.OutputStream.class, String[].class);
        return (int) run.invoke(compiler, null, null, null, args);
    }

    /** Every jar and class directory this test runs with (class path and module path alike). */
    private static List<String> classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String prop : List.of("jdk.module.path", "java.class.path")) {
            String v = System.getProperty(prop);
            if (v != null) {
                for (String e : v.split(File.pathSeparator)) {
                    if (!e.isBlank() && Files.exists(Path.of(e))) {
                        entries.add(e);
                    }
                }
            }
        }
        return new ArrayList<>(entries);
    }
}
