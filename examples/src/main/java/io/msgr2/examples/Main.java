package io.msgr2.examples;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./msgr2} command line: one subcommand per job, on picocli. Every command takes
 * {@code -h/--help}; a bad usage exits 2 with one sentence, a failure 1 with one sentence,
 * never an exception's name.
 */
@Command(name = "msgr2", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Ceph's msgr2 protocol in Java: a client and server that talk to real Ceph, and tools "
                + "for captures.",
        subcommands = {DemoCommand.class, ServeCommand.class, MonPingCommand.class, MonCommandCommand.class,
                DumpCommand.class, ConformCommand.class, ProbeCommand.class, SimulateCommand.class, ExploreCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run 'msgr2 COMMAND --help' for a command's options."})
public final class Main implements Runnable {
    /** Where a command prints: stdout and stderr, or a test's streams. */
    record Io(PrintStream out, PrintStream err) {
        /** The process's streams as they are now (tests swap them). */
        static Io system() {
            return new Io(System.out, System.err);
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Main() {}

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        throw new CommandLine.ParameterException(spec.commandLine(), "give a command");
    }

    public static void main(String[] argv) {
        System.exit(run(Arrays.asList(argv)));
    }

    public static int run(List<String> argv) {
        return run(argv, Io.system());
    }

    /** Runs {@code msgr2 argv...} printing to {@code io}; returns the exit code. */
    static int run(List<String> argv, Io io) {
        return commandLine(io).execute(withCephArgs(argv, System.getenv("CEPH_ARGS")).toArray(String[]::new));
    }

    /** {@code CEPH_ARGS}, as Ceph's tools take it: more options for the client commands, before the given ones. */
    static List<String> withCephArgs(List<String> argv, String cephArgs) {
        if (cephArgs == null || cephArgs.isBlank() || argv.isEmpty()
                || !List.of("mon-ping", "mon-command").contains(argv.get(0))) {
            return argv;
        }
        List<String> out = new java.util.ArrayList<>();
        out.add(argv.get(0));
        out.addAll(Arrays.asList(cephArgs.strip().split("\\s+")));
        out.addAll(argv.subList(1, argv.size()));
        return out;
    }

    /** Runs one command ({@code name argv...}): what the tests call. */
    static int run(String name, List<String> argv, PrintStream out, PrintStream err) {
        String[] all = new String[argv.size() + 1];
        all[0] = name;
        for (int i = 0; i < argv.size(); i++) {
            all[i + 1] = argv.get(i);
        }
        return commandLine(new Io(out, err)).execute(all);
    }

    static CommandLine commandLine(Io io) {
        CommandLine cl = new CommandLine(new Main(), new Factory(io));
        cl.setOut(new PrintWriter(io.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(prefix(c) + sentence(ex.getMessage()) + " (see " + c.getCommandSpec().qualifiedName()
                    + " --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UsageException u) {
                c.getErr().println(prefix(c) + sentence(u.getMessage()) + " (see " + c.getCommandSpec().qualifiedName()
                        + " --help)");
                return 2;
            }
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                c.getErr().println(prefix(c) + "interrupted.");
                return 130;
            }
            c.getErr().println(prefix(c) + sentence(ex.getMessage() == null ? "it failed (" + ex + ")"
                    : ex.getMessage()));
            return 1;
        });
        return cl;
    }

    private static String prefix(CommandLine c) {
        return c.getCommandSpec().qualifiedName() + ": ";
    }

    /** One sentence: starts as written, ends with a full stop. */
    static String sentence(String s) {
        String t = s.strip();
        return t.endsWith(".") ? t : t + ".";
    }

    /** Builds command objects with the {@link Io} they print to, when they take one. */
    record Factory(Io io) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Io.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(io));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"msgr2-java 0.1.0-SNAPSHOT (Ceph msgr2.1; Pacific 16.2 and Tentacle 20.2)"};
        }
    }
}
