package io.msgr2.examples;

import io.msgr2.conform.probe.Credentials;
import io.msgr2.conform.probe.Probe;
import io.msgr2.conform.probe.ServerScenarios;
import io.msgr2.spec.wire.EntityName;
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

        @Option(names = "--target", required = true, paramLabel = "[v2:]HOST:PORT[/NONCE]",
                description = "the server to probe; a daemon's nonce as in its address (v2:127.0.0.1:6800/351)")
        String target;

        @Option(names = "--only", paramLabel = "PATTERN", description = "only the scenarios whose names match")
        String only;

        @Option(names = "--junit", paramLabel = "FILE", description = "also write the results as JUnit XML")
        String junit;

        @Option(names = {"-n", "--name"}, paramLabel = "TYPE.ID", defaultValue = "client.admin",
                description = "who the probe is when a scenario needs a session (default: ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--key", paramLabel = "BASE64",
                description = "the cephx secret of --name (without a key or keyring: auth none)")
        String key;

        @Option(names = {"-m", "--mon"}, paramLabel = "HOST:PORT",
                description = "a mon to get cephx tickets from when the target is an OSD (or another service)")
        String mon;

        @Option(names = {"-k", "--keyring"}, paramLabel = "FILE", description = "a keyring with --name's secret")
        String keyring;

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
            EntityName who = EntityName.parse(name).orElseThrow(() ->
                    new UsageException("--name takes TYPE.ID, like client.admin or osd.0"));
            Credentials creds = new Credentials(who, ClientOptions.key(key, keyring, who),
                    java.util.Optional.ofNullable(mon).map(ClientOptions::hostPort));
            String hostPort = target.startsWith("v2:") ? target.substring(3) : target;
            int nonce = 0;
            int slash = hostPort.lastIndexOf('/');
            if (slash >= 0) {
                try {
                    nonce = Integer.parseUnsignedInt(hostPort.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new UsageException("--target takes HOST:PORT or v2:HOST:PORT/NONCE, the nonce a number");
                }
                hostPort = hostPort.substring(0, slash);
            }
            Probe.Report r = Probe.run(ServerScenarios.all(creds, nonce), ClientOptions.hostPort(hostPort),
                    Duration.ofSeconds(timeout), only);
            r.results().forEach(x -> out.println(x.line()));
            out.println(r.summary());
            if (junit != null) {
                Files.writeString(Path.of(junit), r.junitXml("msgr2 probe server " + target));
            }
            return r.ok() ? 0 : 1;
        }
    }
}
