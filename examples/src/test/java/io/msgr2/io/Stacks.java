package io.msgr2.io;

import io.msgr2.io.blocking.BlockingStack;
import io.msgr2.io.netty.NettyStack;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The network stacks the transport-level tests run on: each alone, and each against the other. */
public final class Stacks {
    private Stacks() {}

    public static NetworkStack named(String name) {
        return switch (name) {
            case "blocking" -> BlockingStack.create();
            case "netty" -> NettyStack.create();
            default -> throw new IllegalArgumentException("no stack " + name);
        };
    }

    public static List<String> names() {
        return List.of("blocking", "netty");
    }

    /** (client stack, server stack): both alike, then crossed. */
    public static Stream<Arguments> pairs() {
        return Stream.of(Arguments.of("blocking", "blocking"), Arguments.of("netty", "netty"),
                Arguments.of("netty", "blocking"), Arguments.of("blocking", "netty"));
    }
}
