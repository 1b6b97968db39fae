package io.msgr2.examples;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code msgr2 mon-ping --mon HOST:PORT [auth options]}: CEPH_MSG_PING to a mon, prints its JSON answer. */
@Command(name = "mon-ping", mixinStandardHelpOptions = true,
        description = "Send CEPH_MSG_PING to a mon and print its JSON answer (health and mon status).")
final class MonPingCommand implements Callable<Integer> {
    private final Main.Io streams;

    @Mixin
    ClientOptions.Mixin client;

    MonPingCommand(Main.Io io) {
        this.streams = io;
    }

    @Override
    public Integer call() {
        ClientOptions o = client.toOptions();
        try (MonSession s = new MonSession(o)) {
            if (o.verbose()) {
                streams.err().println(s.negotiated());
            }
            streams.out().println(s.ping());
            return 0;
        } catch (MonSession.Failure f) {
            streams.err().println("msgr2 mon-ping: " + f.getMessage());
            return 1;
        }
    }
}
