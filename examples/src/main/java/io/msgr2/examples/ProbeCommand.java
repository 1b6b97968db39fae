package io.msgr2.examples;

import io.msgr2.conform.probe.ClientScenarios;
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
        subcommands = {ProbeCommand.Server.class, ProbeCommand.Client.class})
final class ProbeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a subcommand: server or client");
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

        @picocli.CommandLine.Mixin
        ReportOptions report;

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
            return report.print(Probe.run(ServerScenarios.all(creds, nonce), ClientOptions.hostPort(hostPort),
                    Duration.ofSeconds(timeout), report.only), out, "msgr2 probe server " + target);
        }
    }

    /** {@code msgr2 probe client --exec 'COMMAND {addr}'}. */
    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "Probe an msgr2 client: the probe is a mon that deviates in one way per scenario, starts "
                    + "the client with {addr} replaced by its address (v2:127.0.0.1:PORT) and judges what it sends.",
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:nothing failed", "1:a scenario failed",
                    "2:bad usage"})
    static final class Client implements Callable<Integer> {
        private final Main.Io streams;

        @Option(names = "--exec", required = true, paramLabel = "COMMAND",
                description = "the client to start for each scenario, {addr} in it, e.g. "
                        + "'ceph -c /dev/null -m {addr} --auth-client-required none -s'")
        String exec;

        @Option(names = {"-k", "--keyring"}, paramLabel = "FILE",
                description = "entities the probe's mon accepts with cephx (without it: auth none only)")
        String keyring;

        @Option(names = "--lossless", description = "the client keeps lossless sessions (an OSD-like peer): run the "
                + "session scenarios (WAIT, RETRY, RETRY_GLOBAL, RESET), which a mon client skips")
        boolean lossless;

        @picocli.CommandLine.Mixin
        ReportOptions report;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
                description = "how long each scenario waits for the client (default: ${DEFAULT-VALUE})")
        int timeout;

        Client(Main.Io io) {
            this.streams = io;
        }

        @Override
        public Integer call() throws IOException {
            if (timeout <= 0) {
                throw new UsageException("--timeout takes a number of seconds above 0");
            }
            if (!exec.contains("{addr}")) {
                throw new UsageException("--exec needs {addr} where the client takes the mon's address");
            }
            ClientScenarios.ServerAuth auth = ClientScenarios.ServerAuth.NONE;
            if (keyring != null) {
                byte[] seed = new byte[32];
                new java.security.SecureRandom().nextBytes(seed);
                auth = new ClientScenarios.ServerAuth(java.util.Optional.of(io.msgr2.spec.auth.cephx.KeyServer.create(
                        ClientOptions.keyring(keyring), io.msgr2.spec.Entropy.drbg(io.msgr2.spec.wire.Bytes.wrap(seed)),
                        Msgr2Clock.now()).keyServer()));
            }
            return report.print(Probe.run(ClientScenarios.all(exec, auth, lossless),
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
                    Duration.ofSeconds(timeout), report.only, 2), streams.out(), "msgr2 probe client");
        }
    }

    /** The options both probes take about their report, and how a report is printed. */
    static final class ReportOptions {
        @Option(names = "--only", paramLabel = "PATTERN", description = "only the scenarios whose names match")
        String only;

        @Option(names = "--junit", paramLabel = "FILE", description = "also write the results as JUnit XML")
        String junit;

        /** One line per scenario, the summary, the JUnit file if asked; the exit code (0: nothing failed). */
        int print(Probe.Report r, PrintStream out, String suite) throws IOException {
            r.results().forEach(x -> out.println(x.line()));
            out.println(r.summary());
            if (junit != null) {
                Files.writeString(Path.of(junit), r.junitXml(suite));
            }
            return r.ok() ? 0 : 1;
        }
    }
}
