package io.msgr2.examples;

import io.msgr2.io.NetworkStack;
import io.msgr2.io.blocking.BlockingStack;
import io.msgr2.io.netty.NettyStack;
import picocli.CommandLine.Option;

/**
 * {@code --transport blocking|netty}: which network stack carries the command's connections.
 * Without it, the library's default ({@link NetworkStack#discover}): Netty, unless
 * {@code -Dmsgr2.transport} or {@code MSGR2_TRANSPORT} names another (see docs/benchmarks.md
 * for why Netty).
 */
final class TransportOption {
    @Option(names = "--transport", paramLabel = "netty|blocking",
            description = "the network stack (default: netty, or -Dmsgr2.transport / MSGR2_TRANSPORT)")
    String name;

    NetworkStack stack() {
        return name == null ? NetworkStack.discover() : of(name);
    }

    static NetworkStack of(String name) {
        return switch (name) {
            case "blocking" -> BlockingStack.create();
            case "netty" -> NettyStack.create();
            default -> throw new UsageException("--transport takes blocking or netty");
        };
    }
}
