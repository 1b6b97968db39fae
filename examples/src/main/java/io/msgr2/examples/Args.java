package io.msgr2.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A small command-line parser: {@code --name value} options, {@code --flag}s and positional words. */
final class Args {
    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    /** Thrown for a usage error; {@link Main} prints its message on one line. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    Args(List<String> words, Set<String> valued, Set<String> flags) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--")) {
                String name = w.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    put(name.substring(0, eq), name.substring(eq + 1), valued);
                } else if (flags.contains(name)) {
                    options.put(name, "true");
                } else if (valued.contains(name)) {
                    if (i + 1 >= words.size()) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    put(name, words.get(++i), valued);
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                positional.add(w);
            }
        }
    }

    private void put(String name, String value, Set<String> valued) {
        if (!valued.contains(name)) {
            throw new UsageException("unknown option --" + name);
        }
        options.put(name, value);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String require(String name) {
        return get(name).orElseThrow(() -> new UsageException("--" + name + " is required"));
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    List<String> positional() {
        return positional;
    }
}
