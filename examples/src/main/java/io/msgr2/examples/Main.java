package io.msgr2.examples;

import java.util.Arrays;
import java.util.List;

/** The {@code ./msgr2} command line: one subcommand per job. */
public final class Main {
    static final String USAGE = """
            usage: msgr2 <command> [options]

            commands:
              demo
                  a client and a server in this process: handshake, messages both ways, every frame traced
              serve --port P [--as mon|osd|mgr|mds|client] [--auth none] [--mode crc] [--trace]
                  a msgr2 server: answers CEPH_MSG_PING, echoes other messages
              dump --client-to-server FILE --server-to-client FILE | --pcap FILE
                  decode a captured msgr2 conversation, one line per frame (exit 3: part opaque)
              conform --client-to-server FILE --server-to-client FILE [--key B64] --role client|server
              conform --pcap FILE
                  replay one side of a captured conversation (or every session of a pcap, lossless
                  ones across reconnects) with our code, compare every byte it sends
              mon-ping --mon HOST:PORT [--name client.admin] [--auth none] [--mode crc] [--rev0]
                  send CEPH_MSG_PING to a mon, print its JSON answer (health and mon status)
              mon-command --mon HOST:PORT [auth options] 'JSON'
                  send a mon command, e.g. '{"prefix": "status", "format": "json"}'
              simulate --seeds N [--first-seed S]
                  run N seeded fault schedules in the deterministic simulator, check every invariant
              bench [--quick] [--sizes LIST] [--modes crc,secure] [--seconds S]
                  end to end over 127.0.0.1: throughput and latency, against raw sockets in the same run
              bench mon-ping --mon HOST:PORT [auth options] --count N [--no-librados]
                  new connection + handshake + PING, N times; librados' ping_monitor in the same run
            """;

    private Main() {}

    public static void main(String[] argv) {
        System.exit(run(Arrays.asList(argv)));
    }

    public static int run(List<String> argv) {
        try {
            return dispatch(argv);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("msgr2: interrupted");
            return 130;
        } catch (Exception e) {
            System.err.println("msgr2 " + (argv.isEmpty() ? "" : argv.get(0) + ": ") + e.getClass().getSimpleName()
                    + ": " + e.getMessage());
            return 1;
        }
    }

    static int dispatch(List<String> argv) throws Exception {
        if (argv.isEmpty() || argv.get(0).equals("help") || argv.get(0).equals("--help")) {
            System.out.print(USAGE);
            return argv.isEmpty() ? 2 : 0;
        }
        List<String> rest = argv.subList(1, argv.size());
        try {
            return switch (argv.get(0)) {
                case "dump" -> DumpCommand.run(rest, System.out);
                case "conform" -> ConformCommand.run(rest, System.out);
                case "demo" -> DemoCommand.run(rest, System.out);
                case "serve" -> ServeCommand.run(rest, System.out, System.err);
                case "simulate" -> SimulateCommand.run(rest, System.out);
                case "mon-ping" -> MonPingCommand.run(rest, System.out, System.err);
                case "mon-command" -> MonCommandCommand.run(rest, System.out, System.err);
                case "bench" -> BenchCommand.run(rest, System.out);
                default -> {
                    System.err.println("msgr2: unknown command '" + argv.get(0) + "' (try: msgr2 help)");
                    yield 2;
                }
            };
        } catch (Args.UsageException e) {
            System.err.println("msgr2 " + argv.get(0) + ": " + e.getMessage());
            return 2;
        }
    }
}
