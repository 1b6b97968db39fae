package io.msgr2.examples;

import io.msgr2.io.MessengerOptions;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.cephx.CephxConfig;
import io.msgr2.spec.auth.cephx.CryptoKey;
import io.msgr2.spec.auth.cephx.Keyring;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.Msgr2Features;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The options every client command shares: {@code --mon HOST:PORT}, {@code --name TYPE.ID},
 * {@code --auth none|cephx}, {@code --key B64 | --keyring FILE}, {@code --mode crc|secure|crc,secure},
 * {@code --rev0}, {@code --timeout SECONDS}, {@code --transport blocking|netty}.
 */
record ClientOptions(InetSocketAddress mon, EntityName name, String auth, Optional<CryptoKey> key,
                     Optional<List<ConnectionMode>> modes, boolean rev0, boolean pipeline, int timeoutSeconds,
                     io.msgr2.spec.conn.Compression compression, io.msgr2.io.NetworkStack stack, boolean verbose) {
    /** The client options as picocli reads them; {@link #toOptions} checks and combines them. */
    static final class Mixin {
        @picocli.CommandLine.Option(names = {"-m", "--mon"}, paramLabel = "MON_HOST",
                description = "the mon: HOST:PORT, v2:HOST:PORT, or anything Ceph's mon_host takes "
                        + "(default: mon_host of the configuration)")
        String mon;

        @picocli.CommandLine.Option(names = {"-c", "--conf"}, paramLabel = "FILE",
                description = "a ceph.conf (default: $CEPH_CONF, /etc/ceph/ceph.conf, ~/.ceph/ceph.conf, ./ceph.conf)")
        String conf;

        @picocli.CommandLine.Option(names = {"-n", "--name"}, paramLabel = "TYPE.ID",
                description = "who we are (default: client.admin)")
        String name;

        @picocli.CommandLine.Option(names = "--id", paramLabel = "ID", description = "client.ID, as --name")
        String id;

        @picocli.CommandLine.Option(names = "--auth", paramLabel = "none|cephx",
                description = "the auth method (default: cephx when a key is given, else none)")
        String auth;

        @picocli.CommandLine.Option(names = "--key", paramLabel = "BASE64", description = "the cephx secret (AQ... or Ag...)")
        String key;

        @picocli.CommandLine.Option(names = {"-k", "--keyring"}, paramLabel = "FILE",
                description = "a keyring holding the secret of --name (default: the configuration's keyring, "
                        + "then /etc/ceph/ceph.$name.keyring, /etc/ceph/ceph.keyring, /etc/ceph/keyring)")
        String keyring;

        @picocli.CommandLine.Option(names = "--mode", paramLabel = "crc|secure|crc,secure",
                description = "the connection modes we accept, in order of preference")
        String mode;

        @picocli.CommandLine.Option(names = "--rev0", description = "msgr2.0 framing: leave REVISION_1 out of our banner")
        boolean rev0;

        @picocli.CommandLine.Option(names = "--pipeline",
                description = "optimistic pipelining: banner, HELLO and AUTH_REQUEST in one flight")
        boolean pipeline;

        @picocli.CommandLine.Option(names = {"--timeout", "--connect-timeout"}, paramLabel = "SECONDS",
                defaultValue = "10",
                description = "how long to wait for the mon (default: ${DEFAULT-VALUE})")
        int timeout;

        @picocli.CommandLine.Mixin
        CompressOption compress = new CompressOption();

        @picocli.CommandLine.Option(names = {"-v", "--verbose"},
                description = "print what was negotiated: auth, mode, framing, compression, the peer's identity")
        boolean verbose;

        @picocli.CommandLine.Mixin
        TransportOption transport = new TransportOption();

        ClientOptions toOptions() {
            if (name != null && id != null) {
                throw new UsageException("give --name or --id, not both");
            }
            String who = id != null ? "client." + id : name != null ? name : "client.admin";
            EntityName n = EntityName.parse(who)
                    .orElseThrow(() -> new UsageException("--name takes TYPE.ID, e.g. client.admin"));
            Optional<CephConf> cc = conf != null ? Optional.of(CephConf.read(java.nio.file.Path.of(conf)))
                    : mon == null ? CephConf.locate().map(CephConf::read) : Optional.empty();
            String monHost = mon != null ? mon : cc.flatMap(c -> c.get("mon_host", who)).orElseThrow(() ->
                    new UsageException("give the mon: --mon HOST:PORT, or -c ceph.conf with mon_host"));
            InetSocketAddress monAddr = hostPort(monHost);
            String ring = keyring;
            if (key == null && ring == null && cc.isPresent()) {
                // Ceph's search: the configuration's keyring, then its defaults; the first that exists
                ring = cc.get().keyrings(who).stream().filter(java.nio.file.Files::isReadable).findFirst()
                        .map(Object::toString).orElse(null);
            }
            boolean haveKey = key != null || ring != null;
            Optional<String> confAuth = cc.flatMap(c -> c.get("auth_client_required", who));
            String a = auth != null ? auth : haveKey ? "cephx"
                    : confAuth.map(x -> x.split("[,;\\s]+")[0]).orElse("none");
            if (!a.equals("none") && !a.equals("cephx")) {
                throw new UsageException("--auth takes none or cephx");
            }
            if (a.equals("none") && (key != null || keyring != null)) {
                throw new UsageException("--auth none takes no key: leave --auth out (a key means cephx)");
            }
            Optional<CryptoKey> k = a.equals("cephx") ? key(key, ring, n) : Optional.empty();
            if (a.equals("cephx") && k.isEmpty()) {
                throw new UsageException("cephx needs the secret of " + who + ": give --key BASE64 or --keyring FILE");
            }
            Optional<List<ConnectionMode>> modes = Optional.ofNullable(mode)
                    .or(() -> cc.flatMap(c -> c.get("ms_mon_client_mode", who)))
                    .map(ClientOptions::modes);
            if (a.equals("none") && modes.isPresent() && modes.get().contains(ConnectionMode.SECURE)
                    && !modes.get().contains(ConnectionMode.CRC)) {
                throw new UsageException("secure mode needs a key: auth none is crc only (give --key)");
            }
            if (timeout <= 0) {
                throw new UsageException("--timeout takes a number of seconds above 0");
            }
            return new ClientOptions(monAddr, n, a, k, modes, rev0, pipeline, timeout, compress.compression(),
                    transport.stack(), verbose);
        }
    }

    /** The secret from {@code --key BASE64} or from {@code name}'s section of {@code --keyring FILE}. */
    static Optional<CryptoKey> key(String key, String keyring, EntityName name) {
        if (key != null && keyring != null) {
            throw new UsageException("give --key or --keyring, not both");
        }
        if (key != null) {
            return Optional.of(CryptoKey.fromBase64(key).filter(CryptoKey::usable).orElseThrow(() ->
                    new UsageException("--key is not a base64 cephx key (like AQB4OwZr...Cg==)")));
        }
        if (keyring != null) {
            Keyring k = keyring(keyring);
            return Optional.of(k.get(name).orElseThrow(() -> new UsageException(
                    "the keyring " + keyring + " has no [" + name + "] section")).key());
        }
        return Optional.empty();
    }

    static Keyring keyring(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UsageException("cannot read the keyring " + file + ": " + e.getMessage());
        }
        return Keyring.parse(text).getOrElseThrow(UsageException::new);
    }

    AuthConfig authConfig() {
        if (auth.equals("none")) {
            return AuthConfig.none(name, 0);
        }
        CephxConfig c = CephxConfig.client(name, key.orElseThrow());
        return modes.map(c::withModes).orElse(c);
    }

    MessengerOptions messenger() {
        return MessengerOptions.builder().name(name).auth(authConfig()).pipelining(pipeline).compression(compression)
                .stack(stack)
                .banner(rev0 ? new Banner(Banner.PACIFIC.supported() & ~Msgr2Features.REVISION_1, 0) : Banner.PACIFIC)
                .build();
    }

    static List<ConnectionMode> modes(String s) {
        List<ConnectionMode> out = new ArrayList<>();
        for (String m : s.strip().split("[,\\s]+")) {
            out.add(switch (m.trim()) {
                case "crc" -> ConnectionMode.CRC;
                case "secure" -> ConnectionMode.SECURE;
                default -> throw new UsageException("--mode takes crc, secure or a list like crc,secure");
            });
        }
        return out;
    }

    /**
     * The mon to dial from what Ceph's {@code mon_host} takes: {@code HOST:PORT},
     * {@code v2:HOST:PORT}, an address vector {@code [v2:HOST:PORT,v1:HOST:PORT]}, several mons
     * separated by commas, spaces or semicolons (the first msgr2 one is used), a bare host (port
     * 3300), IPv6 in brackets. A vector with only {@code v1:} addresses is msgr1, which this
     * client does not speak.
     */
    static InetSocketAddress hostPort(String s) {
        List<String> v2 = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        boolean v1 = false;
        // an address vector's brackets go; an IPv6 address keeps its own ("[::1]:3300")
        String t = s.replace("[v", " v").replaceAll("\\](?=[,;\\s]|$)", " ");
        for (String part : t.split("[,;\\s]+")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.startsWith("v2:")) {
                v2.add(p.substring(3).replaceAll("/\\d+$", ""));
            } else if (p.startsWith("v1:")) {
                v1 = true;
            } else {
                plain.add(p.replaceAll("/\\d+$", ""));
            }
        }
        if (!v2.isEmpty()) {
            return oneHostPort(v2.get(0), s);
        }
        if (!plain.isEmpty()) {
            return oneHostPort(plain.get(0), s);
        }
        throw new UsageException(v1 ? "'" + s + "' lists only msgr1 (v1:) addresses: give the mon's msgr2 address "
                + "(v2:, port 3300 by default)" : "expected HOST:PORT, got '" + s + "'");
    }

    private static InetSocketAddress oneHostPort(String v, String s) {
        int colon = v.lastIndexOf(':');
        boolean bracketed = v.startsWith("[");
        if (colon <= 0 || bracketed && v.lastIndexOf(']') > colon || !bracketed && v.indexOf(':') != colon
                && !v.contains("]")) {
            // a bare host (or a bare IPv6 address): Ceph's msgr2 port
            return resolve(v.replace("[", "").replace("]", ""), 3300, s);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException("bad port in '" + s + "'");
        }
        if (port < 1 || port > 65535) {
            throw new UsageException("the port in '" + s + "' is not between 1 and 65535");
        }
        return resolve(v.substring(0, colon).replace("[", "").replace("]", ""), port, s);
    }

    private static InetSocketAddress resolve(String host, int port, String s) {
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new UsageException("the host name '" + host + "' does not resolve");
        }
        return a;
    }
}
