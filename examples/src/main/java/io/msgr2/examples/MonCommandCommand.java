package io.msgr2.examples;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * {@code msgr2 mon-command --mon HOST:PORT [auth options] 'JSON'}: sends MMonCommand and
 * prints what the mon answers, as the {@code ceph} CLI does: the output on stdout, the
 * status string on stderr, a non-zero exit code when the result is an error.
 */
@picocli.CommandLine.Command(name = "mon-command", mixinStandardHelpOptions = true,
        description = "Send a mon command and print the mon's answer, as the ceph CLI does.")
final class MonCommandCommand implements java.util.concurrent.Callable<Integer> {
    private final Main.Io streams;

    @picocli.CommandLine.Mixin
    ClientOptions.Mixin client;

    @picocli.CommandLine.Parameters(arity = "1..*", paramLabel = "COMMAND",
            description = "the command: its words as for the ceph CLI (status, health, osd tree), or one JSON "
                    + "object, e.g. '{\"prefix\": \"status\", \"format\": \"json\"}'")
    List<String> words;

    MonCommandCommand(Main.Io io) {
        this.streams = io;
    }

    @Override
    public Integer call() {
        PrintStream out = streams.out();
        PrintStream err = streams.err();
        ClientOptions o = client.toOptions();
        try (MonSession s = new MonSession(o)) {
            if (o.verbose()) {
                err.println(s.negotiated());
            }
            UUID fsid = s.fsid();
            MonSession.CommandResult r = s.command(fsid, json(words), 1);
            if (!r.output().isEmpty()) {
                out.println(new String(r.output().toByteArray(), StandardCharsets.UTF_8).stripTrailing());
            }
            if (r.result() != 0) {
                err.println("msgr2 mon-command: the mon answered " + r.result() + " (" + Errno.name(-r.result()) + ")"
                        + (r.status().isEmpty() ? "" : ": " + r.status()));
                return 1;
            }
            if (!r.status().isEmpty()) {
                err.println(r.status());
            }
            return 0;
        } catch (MonSession.Failure f) {
            err.println("msgr2 mon-command: " + f.getMessage());
            return 1;
        }
    }

    /** One JSON object as given, or words as the ceph CLI takes them: {@code {"prefix": "osd tree"}}. */
    static String json(List<String> words) {
        if (words.size() == 1 && words.get(0).strip().startsWith("{")) {
            return words.get(0);
        }
        String prefix = String.join(" ", words).replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\"prefix\": \"" + prefix + "\"}";
    }

    /** The errno names a mon answers with. */
    static final class Errno {
        private Errno() {}

        static String name(int e) {
            return switch (e) {
                case 1 -> "EPERM";
                case 2 -> "ENOENT";
                case 13 -> "EACCES";
                case 16 -> "EBUSY";
                case 17 -> "EEXIST";
                case 22 -> "EINVAL";
                case 95 -> "EOPNOTSUPP";
                case 110 -> "ETIMEDOUT";
                default -> "errno " + e;
            };
        }
    }
}
