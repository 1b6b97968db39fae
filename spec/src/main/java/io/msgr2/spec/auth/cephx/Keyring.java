package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.wire.EntityName;
import io.vavr.control.Either;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A keyring in Ceph's text format: one section per entity, its key and its caps.
 *
 * <pre>
 * [client.admin]
 *     key = AQB4OwZrfXF/CRAAG225U7LQq2CSKk+8XT48Cg==
 *     caps mon = "allow *"
 *     caps osd = "allow *"
 * </pre>
 *
 * Parsing is pure (the caller reads the file); a malformed keyring is an error value
 * naming the line.
 */
public record Keyring(Map<EntityName, Entry> entries) {
    /** One entity's key and caps by service name ("mon", "osd", "mgr", "mds"). */
    public record Entry(CryptoKey key, Map<String, String> caps) {
        public Entry {
            caps = Map.copyOf(caps);
        }

        public String capsFor(String service) {
            return caps.getOrDefault(service, "");
        }
    }

    public Keyring {
        entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static Keyring of(EntityName name, CryptoKey key, Map<String, String> caps) {
        return new Keyring(Map.of(name, new Entry(key, caps)));
    }

    public Optional<Entry> get(EntityName name) {
        return Optional.ofNullable(entries.get(name));
    }

    public Keyring with(EntityName name, Entry e) {
        Map<EntityName, Entry> m = new LinkedHashMap<>(entries);
        m.put(name, e);
        return new Keyring(m);
    }

    public static Either<String, Keyring> parse(String text) {
        Map<EntityName, Entry> out = new LinkedHashMap<>();
        EntityName current = null;
        CryptoKey key = null;
        Map<String, String> caps = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String where = "keyring line " + (i + 1) + ": ";
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    return Either.left(where + "unclosed section header");
                }
                if (current != null) {
                    if (key == null) {
                        return Either.left("keyring: [" + current + "] has no key");
                    }
                    out.put(current, new Entry(key, caps));
                }
                String n = line.substring(1, line.length() - 1).trim();
                current = EntityName.parse(n).orElse(null);
                if (current == null) {
                    return Either.left(where + "'" + n + "' is not an entity name like client.admin");
                }
                key = null;
                caps = new LinkedHashMap<>();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0 || current == null) {
                return Either.left(where + (current == null ? "a setting outside any [entity] section" : "expected NAME = VALUE"));
            }
            String k = line.substring(0, eq).trim().replaceAll("\\s+", " ");
            String v = unquote(line.substring(eq + 1).trim());
            if (k.equals("key")) {
                Optional<CryptoKey> ck = CryptoKey.fromBase64(v);
                if (ck.isEmpty() || !ck.get().usable()) {
                    return Either.left(where + "the key is not a base64 AES key");
                }
                key = ck.get();
            } else if (k.startsWith("caps ")) {
                caps.put(k.substring(5).trim(), v);
            }
        }
        if (current != null) {
            if (key == null) {
                return Either.left("keyring: [" + current + "] has no key");
            }
            out.put(current, new Entry(key, caps));
        }
        if (out.isEmpty()) {
            return Either.left("keyring: no [entity] section");
        }
        return Either.right(new Keyring(out));
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** The keyring as Ceph writes it. */
    public String format() {
        StringBuilder b = new StringBuilder();
        entries.forEach((name, e) -> {
            b.append('[').append(name).append("]\n");
            b.append("\tkey = ").append(e.key().toBase64()).append('\n');
            e.caps().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(c -> b.append("\tcaps ").append(c.getKey()).append(" = \"").append(c.getValue()).append("\"\n"));
        });
        return b.toString();
    }
}
