package io.msgr2.examples;

import io.msgr2.conform.Conformance;
import io.msgr2.conform.Connection;
import io.msgr2.conform.ReplayOptions;
import io.msgr2.conform.Report;
import io.msgr2.spec.Role;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code msgr2 conform}: the command-line face of {@link Conformance}. The last line is
 * {@code identical: N of M bytes}; exit 0 only when all are.
 */
final class ConformCommand {
    private ConformCommand() {}

    static int run(List<String> argv, PrintStream out) {
        Args args = new Args(argv, Set.of("client-to-server", "server-to-client", "key", "session-key",
                "mon-client-to-server", "mon-server-to-client", "role", "compress-min-size", "mon-store", "pcap"),
                Set.of("peer-truncated", "sealed-from-capture"));
        Role role = switch (args.get("role").orElse("client")) {
            case "client" -> Role.CLIENT;
            case "server" -> Role.SERVER;
            default -> throw new Args.UsageException("--role is client or server");
        };
        int minSize = args.get("compress-min-size").map(Integer::parseInt).orElse(1024);
        if (args.get("pcap").isPresent()) {
            io.vavr.control.Either<String, io.msgr2.conform.Capture> capture = CaptureArgs.pcap(args.get("pcap").get());
            if (capture.isLeft()) {
                out.println(capture.getLeft());
                out.println("identical: 0 of 0 bytes in 0 sessions");
                return 1;
            }
            io.msgr2.conform.CaptureReport r = io.msgr2.conform.CaptureReplay.run(capture.get(),
                    CaptureArgs.keys(args), minSize);
            r.notes().forEach(n -> out.println("note: " + n));
            for (io.msgr2.conform.SessionReport s : r.sessions()) {
                out.println(s.summary());
                s.lines().forEach(out::println);
            }
            out.println(r.summary());
            return r.identical() ? 0 : 1;
        }
        Connection c = CaptureArgs.connection(args);
        ReplayOptions o = new ReplayOptions(role, CaptureArgs.keys(args), args.flag("peer-truncated"),
                args.flag("sealed-from-capture"), minSize);
        Report r = Conformance.replay(c, o);
        r.lines().forEach(out::println);
        out.println(r.summary());
        return r.identical() ? 0 : 1;
    }
}
