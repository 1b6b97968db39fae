package io.msgr2.examples;

import java.net.InetSocketAddress;

/** What tests outside this package use of the CLI's address parsing (Ceph's mon_host forms). */
public final class ClientOptionsAccess {
    private ClientOptionsAccess() {}

    public static InetSocketAddress hostPort(String monHost) {
        return ClientOptions.hostPort(monHost);
    }
}
