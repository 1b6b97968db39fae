package io.msgr2.examples;

import io.msgr2.io.NetworkStack;
import io.msgr2.io.blocking.BlockingStack;
import io.msgr2.io.netty.NettyStack;

/**
 * {@code --transport blocking|netty}: which network stack carries the command's connections.
 * Netty by default: it measured faster than the blocking stack in every row of
 * docs/benchmarks.md (no thread hand-off between reading, stepping and writing).
 */
final class TransportOption {
    static final String NAME = "transport";
    static final String DEFAULT = "netty";

    private TransportOption() {}

    static NetworkStack parse(Args a) {
        return of(a.get(NAME).orElse(DEFAULT));
    }

    static NetworkStack of(String name) {
        return switch (name) {
            case "blocking" -> BlockingStack.create();
            case "netty" -> NettyStack.create();
            default -> throw new Args.UsageException("--transport takes blocking or netty");
        };
    }
}
