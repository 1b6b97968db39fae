package io.msgr2.examples;

import io.msgr2.conform.Capture;
import io.msgr2.conform.Dissection;
import io.msgr2.conform.Dissector;
import io.vavr.control.Either;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code msgr2 dump}: the command-line face of {@link Dissector}, on two stream files or a
 * pcap/pcapng file ({@code --pcap}). Exit 0 when every byte decoded and verified, 1 when a
 * check failed or the input is not msgr2, 3 when nothing failed but part stayed opaque.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Decode a captured msgr2 conversation, one line per frame, every CRC (and GCM tag, with the "
                + "keys) checked.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every byte decoded and verified", "1:a check failed, or the input is not msgr2",
                "2:bad usage", "3:nothing failed, but part stayed opaque (no keys, empty, cut inside a frame)"})
final class DumpCommand implements Callable<Integer> {
    private final Main.Io streams;

    @Mixin
    CaptureArgs capture;

    DumpCommand(Main.Io io) {
        this.streams = io;
    }

    static int run(List<String> argv, PrintStream out) {
        return Main.run("dump", argv, out, System.err);
    }

    @Override
    public Integer call() {
        PrintStream out = streams.out();
        Dissection d;
        if (capture.pcap != null) {
            Either<String, Capture> c = capture.capture();
            if (c.isLeft()) {
                out.println("summary: " + c.getLeft());
                return 1;
            }
            d = Dissector.dump(c.get(), capture.keys());
        } else {
            d = Dissector.dump(capture.connection(), capture.keys());
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
