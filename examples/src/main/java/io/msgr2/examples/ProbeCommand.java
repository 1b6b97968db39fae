package io.msgr2.examples;

import io.msgr2.conform.probe.Probe;
import io.msgr2.conform.probe.ServerScenarios;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code msgr2 probe}: the conformance kit, against any msgr2 implementation. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Test another msgr2 implementation: scenarios that each deviate in one way, judged by the rule "
                + "Ceph follows.",
        subcommands = {ProbeCommand.Server.class})
final class ProbeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a subcommand: server");
    }

    /** {@code msgr2 probe server --target HOST:PORT}. */
    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "Probe an msgr2 server (a mon, an OSD, ./msgr2 serve, another implementation).",
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:nothing failed", "1:a scenario failed",
                    "2:bad usage"})
    static final class Server implements Callable<Integer> {
        private final Main.Io streams;

        @Option(names = "--target", required = true, paramLabel = "HOST:PORT", description = "the server to probe")
        String target;

        @Option(names = "--only", paramLabel = "PATTERN", description = "only the scenarios whose names match")
        String only;

        @Option(names = "--junit", paramLabel = "FILE", description = "also write the results as JUnit XML")
        String junit;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3",
                description = "how long to wait for the server in each scenario (default: ${DEFAULT-VALUE})")
        int timeout;

        Server(Main.Io io) {
            this.streams = io;
        }

        @Override
        public Integer call() throws IOException {
            if (timeout <= 0) {
                throw new UsageException("--timeout takes a number of seconds above 0");
            }
            PrintStream out = streams.out();
            Probe.Report r = Probe.run(ServerScenarios.all(), ClientOptions.hostPort(target), Duration.ofSeconds(timeout),
                    only);
            r.results().forEach(x -> out.println(x.line()));
            out.println(r.summary());
            if (junit != null) {
                Files.writeString(Path.of(junit), r.junitXml("msgr2 probe server " + target));
            }
            return r.ok() ? 0 : 1;
        }
    }
}
