package io.msgr2.examples;

import io.msgr2.conform.Capture;
import io.msgr2.conform.CaptureReplay;
import io.msgr2.conform.CaptureReport;
import io.msgr2.conform.Conformance;
import io.msgr2.conform.Counts;
import io.msgr2.conform.ReplayOptions;
import io.msgr2.conform.Report;
import io.msgr2.conform.SessionReport;
import io.msgr2.spec.Role;
import io.vavr.control.Either;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code msgr2 conform}: the command-line face of {@link Conformance} and {@link CaptureReplay}.
 * The last line is {@code identical: S of C compared bytes} (with {@code in N sessions} for a
 * pcap), then the bytes taken from the capture by reason and the application payloads fed
 * ({@link Counts}); exit 0 only when all compared bytes are identical.
 */
@Command(name = "conform", mixinStandardHelpOptions = true,
        description = "Replay one side of a captured conversation (or every session of a pcap, lossless ones across "
                + "reconnects) with our code and compare every byte it sends with Ceph's.")
final class ConformCommand implements Callable<Integer> {
    private final Main.Io streams;

    @Mixin
    CaptureArgs capture;

    @Option(names = "--role", paramLabel = "client|server", defaultValue = "client",
            description = "which side ours plays (default: ${DEFAULT-VALUE}; a pcap replays both)")
    String role;

    @Option(names = "--compress-min-size", paramLabel = "BYTES", defaultValue = "1024",
            description = "the captured sender's compression threshold (default: ${DEFAULT-VALUE})")
    int compressMinSize;

    @Option(names = "--peer-truncated", description = "the peer's capture was cut short on purpose")
    boolean peerTruncated;

    @Option(names = "--sealed-from-capture",
            description = "no keys: stand-in keys, Ceph's key-dependent bytes taken from the capture and counted")
    boolean sealedFromCapture;

    ConformCommand(Main.Io io) {
        this.streams = io;
    }

    static int run(List<String> argv, PrintStream out) {
        return Main.run("conform", argv, out, System.err);
    }

    @Override
    public Integer call() {
        PrintStream out = streams.out();
        if (compressMinSize < 0) {
            throw new UsageException("--compress-min-size takes a number of bytes >= 0");
        }
        if (capture.pcap != null) {
            Either<String, Capture> c = capture.capture();
            if (c.isLeft()) {
                out.println(c.getLeft());
                out.println(Counts.NONE.summary(" in 0 sessions"));
                return 1;
            }
            CaptureReport r = CaptureReplay.run(c.get(), capture.keys(), compressMinSize);
            r.notes().forEach(n -> out.println("note: " + n));
            for (SessionReport s : r.sessions()) {
                out.println(s.summary());
                s.lines().forEach(out::println);
            }
            out.println(r.summary());
            return r.identical() ? 0 : 1;
        }
        Role r = switch (role) {
            case "client" -> Role.CLIENT;
            case "server" -> Role.SERVER;
            default -> throw new UsageException("--role takes client or server");
        };
        ReplayOptions o = new ReplayOptions(r, capture.keys(), peerTruncated, sealedFromCapture, compressMinSize);
        Report rep = Conformance.replay(capture.connection(), o);
        rep.lines().forEach(out::println);
        out.println(rep.summary());
        return rep.identical() ? 0 : 1;
    }
}
