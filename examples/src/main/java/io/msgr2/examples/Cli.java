package io.msgr2.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in this JVM with captured output, or as a child process (for tests). */
public final class Cli {
    public record Result(int code, String out, String err) {}

    private Cli() {}

    /** Runs a command in this JVM, capturing stdout and stderr. */
    public static synchronized Result run(List<String> argv) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = Main.run(argv);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Starts a command in a child JVM (same classpath and {@code msgr2.transport}), stdout and
     * stderr merged into {@code output}.
     */
    public static Process start(List<String> argv, Path output) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        String transport = System.getProperty("msgr2.transport");
        if (transport != null) {
            cmd.add("-Dmsgr2.transport=" + transport);
        }
        cmd.add(Main.class.getName());
        cmd.addAll(argv);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }
}
