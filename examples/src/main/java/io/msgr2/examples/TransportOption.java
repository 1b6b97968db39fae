package io.msgr2.examples;

import io.msgr2.io.NetworkStack;
import io.msgr2.io.blocking.BlockingStack;
import io.msgr2.io.netty.NettyStack;

/**
 * {@code --transport blocking|netty}: which network stack carries the command's connections.
 * Without it, the library's default ({@link NetworkStack#discover}): Netty, unless
 * {@code -Dmsgr2.transport} or {@code MSGR2_TRANSPORT} names another (see docs/benchmarks.md
 * for why Netty).
 */
final class TransportOption {
    static final String NAME = "transport";

    private TransportOption() {}

    static NetworkStack parse(Args a) {
        return a.get(NAME).map(TransportOption::of).orElseGet(NetworkStack::discover);
    }

    static NetworkStack of(String name) {
        return switch (name) {
            case "blocking" -> BlockingStack.create();
            case "netty" -> NettyStack.create();
            default -> throw new Args.UsageException("--transport takes blocking or netty");
        };
    }
}
