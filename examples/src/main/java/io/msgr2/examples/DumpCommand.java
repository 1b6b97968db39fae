package io.msgr2.examples;

import io.msgr2.conform.Capture;
import io.msgr2.conform.Dissection;
import io.msgr2.conform.Dissector;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code msgr2 dump}: the command-line face of {@link Dissector}, on two stream files or a
 * pcap/pcapng file ({@code --pcap}). Exit 0 when every byte decoded and verified, 1 when a
 * check failed or the input is not msgr2, 3 when nothing failed but part stayed opaque.
 */
final class DumpCommand {
    private DumpCommand() {}

    static int run(List<String> argv, PrintStream out) {
        Args args = new Args(argv, Set.of("client-to-server", "server-to-client", "key", "session-key",
                "mon-client-to-server", "mon-server-to-client", "pcap"), Set.of());
        Dissection d;
        if (args.get("pcap").isPresent()) {
            io.vavr.control.Either<String, Capture> capture = CaptureArgs.pcap(args.get("pcap").get());
            if (capture.isLeft()) {
                out.println("summary: " + capture.getLeft());
                return 1;
            }
            d = Dissector.dump(capture.get(), CaptureArgs.keys(args));
        } else {
            d = Dissector.dump(CaptureArgs.connection(args), CaptureArgs.keys(args));
        }
        d.lines().forEach(out::println);
        return exitCode(d.verdict());
    }

    static int exitCode(Dissection.Verdict v) {
        return switch (v) {
            case VERIFIED -> 0;
            case FAILED -> 1;
            case OPAQUE -> 3;
        };
    }
}
