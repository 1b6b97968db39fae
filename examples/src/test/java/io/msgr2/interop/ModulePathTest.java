package io.msgr2.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published modules work on the module path, as a modular application uses them: a module
 * that requires {@code io.msgr2.io.blocking} and {@code io.msgr2.io.netty} compiles against the
 * exported API, cannot see {@code io.msgr2.spec.internal}, and at run time finds both network
 * stacks and the snappy, zstd and lz4 compressors as services, and exchanges a message between
 * its own server and client on 127.0.0.1.
 */
class ModulePathTest {
    /** The jars of the published modules and of what they need (no test libraries, no picocli). */
    static final List<String> MODULES = List.of("msgr2-spec", "msgr2-codec", "msgr2-compress", "msgr2-io-api",
            "msgr2-io-blocking", "msgr2-io-netty", "vavr", "aircompressor", "netty-");

    static final String MAIN = """
            package example;

            import io.msgr2.codec.compress.OnWireCompressor;
            import io.msgr2.io.Msgr2Connection;
            import io.msgr2.io.Msgr2Listener;
            import io.msgr2.io.Msgr2Messenger;
            import io.msgr2.io.MessengerOptions;
            import io.msgr2.io.blocking.BlockingStack;
            import io.msgr2.io.netty.NettyStack;
            import io.msgr2.spec.auth.AuthConfig;
            import io.msgr2.spec.frame.Message;
            import io.msgr2.spec.session.Policy;
            import io.msgr2.spec.wire.Bytes;
            import io.msgr2.spec.wire.EntityName;
            import io.msgr2.spec.wire.EntityType;
            import java.net.InetSocketAddress;
            import java.time.Duration;
            import java.util.concurrent.LinkedBlockingQueue;
            import java.util.concurrent.TimeUnit;

            public class Main {
                public static void main(String[] args) throws Exception {
                    System.out.println("module " + Main.class.getModule().getName());
                    System.out.println("compressors " + OnWireCompressor.available());
                    var mon = new EntityName(EntityType.MON, "a");
                    var admin = new EntityName(EntityType.CLIENT, "admin");
                    for (var stack : java.util.List.of(BlockingStack.create(), NettyStack.create())) {
                        var serverOpts = MessengerOptions.builder().name(mon).gid(0).auth(AuthConfig.none(mon, 0))
                                .defaultPolicy(Policy.STATELESS_SERVER).stack(stack).build();
                        try (var server = Msgr2Messenger.server(serverOpts, new InetSocketAddress("127.0.0.1", 0),
                                new Msgr2Listener() {
                                    @Override
                                    public void onMessage(Msgr2Connection c, Message m) {
                                        c.send(m.header().type(), m.front());
                                    }
                                })) {
                            var got = new LinkedBlockingQueue<Message>();
                            try (var client = Msgr2Messenger.client(MessengerOptions.builder().name(admin)
                                    .auth(AuthConfig.none(admin, 0)).build(), new Msgr2Listener() {
                                        @Override
                                        public void onMessage(Msgr2Connection c, Message m) {
                                            got.add(m);
                                        }
                                    })) {
                                var c = client.connect(new InetSocketAddress("127.0.0.1", server.port()), EntityType.MON);
                                c.awaitReady(Duration.ofSeconds(10));
                                c.send(2, Bytes.ascii("hello"));
                                Message m = got.poll(10, TimeUnit.SECONDS);
                                System.out.println("server on " + stack.name() + ", client on " + client.stack().name()
                                        + ": echo " + (m == null ? "none" : new String(m.front().toByteArray())));
                            }
                        }
                    }
                }
            }
            """;

    @Test
    void aModularApplicationUsesTheExportedApiAndFindsTheServices(@TempDir Path dir) throws Exception {
        String modulePath = modulePath(dir.resolve("jars"));
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("example"));
        Files.writeString(src.resolve("module-info.java"),
                "module example.consumer { requires io.msgr2.io.blocking; requires io.msgr2.io.netty; }\n");
        Files.writeString(src.resolve("example/Main.java"), MAIN);
        Path out = dir.resolve("classes");
        String errors = javac(modulePath, out, src.resolve("module-info.java"), src.resolve("example/Main.java"));
        assertEquals("", errors, "the consumer compiles against the exported packages");

        // what only the project's own modules use is not visible
        Path hidden = dir.resolve("hidden");
        Files.createDirectories(hidden.resolve("example"));
        Files.writeString(hidden.resolve("module-info.java"), "module example.consumer { requires io.msgr2.io; }\n");
        Files.writeString(hidden.resolve("example/Peek.java"),
                "package example; class Peek { Object o = io.msgr2.spec.internal.SessionDecisions.class; }\n");
        String refused = javac(modulePath, dir.resolve("hidden-classes"), hidden.resolve("module-info.java"),
                hidden.resolve("example/Peek.java"));
        assertTrue(refused.contains("io.msgr2.spec.internal") && refused.contains("not visible")
                || refused.contains("does not export"), refused);

        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Process p = new ProcessBuilder(java.toString(), "-Dsun.misc.unsafe.memory.access=allow",
                "--enable-native-access=io.netty.common", "--module-path", out + File.pathSeparator + modulePath,
                "-m", "example.consumer/example.Main").redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the consumer finishes");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.print("module path consumer:\n" + output.indent(2));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("module example.consumer"), output);
        assertTrue(output.contains("compressors [zlib, snappy, zstd, lz4]"), output);
        assertTrue(output.contains("server on blocking, client on netty: echo hello"), output);
        assertTrue(output.contains("server on netty, client on netty: echo hello"), output);
    }

    /** The module jars from this test's class path; a module built only as classes is jarred first. */
    static String modulePath(Path jars) throws Exception {
        Files.createDirectories(jars);
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            String name = Files.isDirectory(p) && p.endsWith(Path.of("target", "classes"))
                    ? "msgr2-" + p.getParent().getParent().getFileName() : p.getFileName().toString();
            if (MODULES.stream().noneMatch(name::startsWith)) {
                continue;
            }
            if (Files.isDirectory(p)) {
                // an exploded automatic module is not allowed: jar it (its name gives the module name)
                Path jar = jars.resolve((Files.exists(p.resolve("module-info.class")) ? name
                        : "io.msgr2." + name.substring("msgr2-".length())) + ".jar");
                int rc = ToolProvider.findFirst("jar").orElseThrow().run(System.out, System.err,
                        "--create", "--file", jar.toString(), "-C", p.toString(), ".");
                assertEquals(0, rc, "jar " + p);
                entries.add(jar.toString());
            } else {
                entries.add(p.toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    static String javac(String modulePath, Path out, Path... sources) {
        List<String> args = new ArrayList<>(List.of("--module-path", modulePath, "-d", out.toString()));
        for (Path s : sources) {
            args.add(s.toString());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        ToolProvider.findFirst("javac").orElseThrow().run(ps, ps, args.toArray(String[]::new));
        return err.toString(StandardCharsets.UTF_8);
    }
}
