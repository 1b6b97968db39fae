package io.msgr2.examples;

import java.util.Arrays;
import java.util.List;

/** The {@code ./msgr2} command line: one subcommand per job. */
public final class Main {
    static final String USAGE = """
            usage: msgr2 <command> [options]

            commands:
              dump --client-to-server FILE --server-to-client FILE
                  decode a captured msgr2 conversation, one line per frame
              simulate --seeds N [--first-seed S]
                  run N seeded fault schedules in the deterministic simulator, check every invariant
            """;

    private Main() {}

    public static void main(String[] argv) {
        System.exit(run(Arrays.asList(argv)));
    }

    static int run(List<String> argv) {
        if (argv.isEmpty() || argv.get(0).equals("help") || argv.get(0).equals("--help")) {
            System.out.print(USAGE);
            return argv.isEmpty() ? 2 : 0;
        }
        List<String> rest = argv.subList(1, argv.size());
        try {
            return switch (argv.get(0)) {
                case "dump" -> DumpCommand.run(rest, System.out);
                case "simulate" -> SimulateCommand.run(rest, System.out);
                default -> {
                    System.err.println("msgr2: unknown command '" + argv.get(0) + "' (try: msgr2 help)");
                    yield 2;
                }
            };
        } catch (Args.UsageException e) {
            System.err.println("msgr2 " + argv.get(0) + ": " + e.getMessage());
            return 2;
        }
    }
}
