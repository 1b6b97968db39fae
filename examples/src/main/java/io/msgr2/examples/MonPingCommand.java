package io.msgr2.examples;

import java.io.PrintStream;
import java.util.List;

/** {@code msgr2 mon-ping --mon HOST:PORT [auth options]}: CEPH_MSG_PING to a mon, prints its JSON answer. */
final class MonPingCommand {
    private MonPingCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        ClientOptions o = ClientOptions.parse(new Args(argv, ClientOptions.VALUED, ClientOptions.FLAGS));
        try (MonSession s = new MonSession(o)) {
            out.println(s.ping());
            return 0;
        } catch (MonSession.Failure f) {
            err.println("msgr2 mon-ping: " + f.getMessage());
            return 1;
        }
    }
}
