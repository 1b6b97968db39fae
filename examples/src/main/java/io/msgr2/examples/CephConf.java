package io.msgr2.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A ceph.conf as Ceph's tools read it: sections ({@code [global]}, {@code [client]},
 * {@code [client.admin]}), {@code key = value} lines, {@code #} and {@code ;} comments, and
 * option names where spaces, underscores and dashes are the same ({@code mon host} is
 * {@code mon_host}). A value is looked up in the entity's own section, then its type's, then
 * {@code [global]}, as Ceph does; {@code $cluster}, {@code $name}, {@code $type} and {@code $id}
 * are expanded.
 */
record CephConf(Path file, Map<String, Map<String, String>> sections) {
    static final List<String> DEFAULT_FILES = List.of("/etc/ceph/ceph.conf", "~/.ceph/ceph.conf", "ceph.conf");

    static CephConf read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UsageException("cannot read the configuration " + file + ": " + e.getMessage());
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        String section = "global";
        for (String raw : lines) {
            String line = stripComment(raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue; // Ceph skips what it cannot parse, with a warning
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            sections.computeIfAbsent(section, k -> new LinkedHashMap<>()).put(normalize(line.substring(0, eq)), value);
        }
        return new CephConf(file, sections);
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '#' || c == ';')) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    static String normalize(String option) {
        return option.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "_");
    }

    /** The value of {@code option} for entity {@code name} (e.g. {@code client.admin}), expanded. */
    Optional<String> get(String option, String name) {
        String key = normalize(option);
        String type = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        for (String s : List.of(name, type, "global")) {
            Map<String, String> sec = sections.get(s);
            if (sec != null && sec.containsKey(key)) {
                return Optional.of(expand(sec.get(key), name));
            }
        }
        return Optional.empty();
    }

    static String expand(String v, String name) {
        String type = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        String id = name.contains(".") ? name.substring(name.indexOf('.') + 1) : name;
        return v.replace("$cluster", "ceph").replace("${cluster}", "ceph").replace("$name", name)
                .replace("${name}", name).replace("$type", type).replace("$id", id);
    }

    /** The keyring files Ceph searches for {@code name} when none is given: the conf's, else its defaults. */
    List<Path> keyrings(String name) {
        String list = get("keyring", name).orElse(
                "/etc/ceph/$cluster.$name.keyring,/etc/ceph/$cluster.keyring,/etc/ceph/keyring,/etc/ceph/keyring.bin");
        return defaultKeyrings(expand(list, name));
    }

    static List<Path> defaultKeyrings(String list) {
        List<Path> out = new ArrayList<>();
        for (String p : list.split("[,;\\s]+")) {
            if (!p.isBlank()) {
                out.add(Path.of(p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p));
            }
        }
        return out;
    }

    /** Where Ceph's tools look for a configuration without {@code -c}: {@code CEPH_CONF}, then the defaults. */
    static Optional<Path> locate() {
        String env = System.getenv("CEPH_CONF");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        for (String f : DEFAULT_FILES) {
            Path p = Path.of(f.startsWith("~/") ? System.getProperty("user.home") + f.substring(1) : f);
            if (Files.isReadable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
