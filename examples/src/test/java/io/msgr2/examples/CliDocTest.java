package io.msgr2.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli.md's synopsis and the parser's own definitions agree: every option a command takes
 * is in the docs, and every option the synopsis gives a command is one it takes.
 */
class CliDocTest {
    @Test
    void theSynopsisMatchesTheDefinitions() throws Exception {
        String doc = Files.readString(Path.of("../docs/cli.md"));
        String synopsis = doc.substring(doc.indexOf("```\n./msgr2"), doc.indexOf("```", doc.indexOf("```\n./msgr2") + 3));
        CommandLine root = Main.commandLine(Main.Io.system());
        List<String> problems = new ArrayList<>();
        for (CommandLine cl : all(root)) {
            CommandSpec spec = cl.getCommandSpec();
            if (spec.usageMessage().hidden() || spec.name().equals("help") || spec == root.getCommandSpec()) {
                continue;
            }
            for (OptionSpec o : spec.options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                if (!doc.contains(o.longestName())) {
                    problems.add(spec.qualifiedName() + " " + o.longestName() + " is not in docs/cli.md");
                }
            }
        }
        // each synopsis line: ./msgr2 CMD [SUB] ... --options (continuation lines belong to the line above)
        String current = null;
        for (String line : synopsis.split("\n")) {
            Matcher head = Pattern.compile("^\\./msgr2 ([a-z-]+)( (parallel|mon-ping|connections|compression|echo-floor|server|client)\\b)?")
                    .matcher(line);
            if (head.find()) {
                current = head.group(1) + (head.group(3) == null ? "" : " " + head.group(3));
            }
            if (current == null) {
                continue;
            }
            CommandLine cl = root;
            for (String w : current.split(" ")) {
                cl = cl.getSubcommands().get(w);
            }
            Matcher opt = Pattern.compile("(?<![\\w-])(--?[a-z][a-z0-9-]*)").matcher(line.replaceAll("#.*", ""));
            while (opt.find()) {
                String name = opt.group(1);
                if (name.equals("-") || name.startsWith("-D")) {
                    continue;
                }
                if (cl.getCommandSpec().findOption(name) == null) {
                    problems.add("docs/cli.md gives " + current + " " + name + ", which it does not take");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>(List.of(cl));
        cl.getSubcommands().values().forEach(s -> out.addAll(all(s)));
        return out;
    }
}
