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
import java.util.Set;

/**
 * The options every client command shares: {@code --mon HOST:PORT}, {@code --name TYPE.ID},
 * {@code --auth none|cephx}, {@code --key B64 | --keyring FILE}, {@code --mode crc|secure|crc,secure},
 * {@code --rev0}, {@code --timeout SECONDS}, {@code --transport blocking|netty}.
 */
record ClientOptions(InetSocketAddress mon, EntityName name, String auth, Optional<CryptoKey> key,
                     Optional<List<ConnectionMode>> modes, boolean rev0, boolean pipeline, int timeoutSeconds,
                     io.msgr2.spec.conn.Compression compression, io.msgr2.io.NetworkStack stack) {
    static final Set<String> VALUED = Set.of("mon", "name", "auth", "key", "keyring", "mode", "timeout", "compress",
            TransportOption.NAME);
    static final Set<String> FLAGS = Set.of("rev0", "pipeline");

    static ClientOptions parse(Args a) {
        InetSocketAddress mon = hostPort(a.require("mon"));
        EntityName name = EntityName.parse(a.get("name").orElse("client.admin"))
                .orElseThrow(() -> new Args.UsageException("--name takes TYPE.ID, e.g. client.admin"));
        String auth = a.get("auth").orElse("none");
        if (!auth.equals("none") && !auth.equals("cephx")) {
            throw new Args.UsageException("--auth takes none or cephx");
        }
        Optional<CryptoKey> key = key(a, name);
        if (auth.equals("cephx") && key.isEmpty()) {
            throw new Args.UsageException("--auth cephx needs --key BASE64 or --keyring FILE");
        }
        Optional<List<ConnectionMode>> modes = a.get("mode").map(ClientOptions::modes);
        if (auth.equals("none") && modes.isPresent() && modes.get().contains(ConnectionMode.SECURE)
                && !modes.get().contains(ConnectionMode.CRC)) {
            throw new Args.UsageException("secure mode needs a key: --auth none is crc only (use --auth cephx)");
        }
        int timeout = Integer.parseInt(a.get("timeout").orElse("10"));
        return new ClientOptions(mon, name, auth, key, modes, a.flag("rev0"), a.flag("pipeline"), timeout,
                compression(a.get("compress").orElse("off")), TransportOption.parse(a));
    }

    /**
     * {@code --compress off} (the default: no COMPRESSION bit, as Pacific) or a method list
     * like {@code snappy,zstd}: the bit is advertised, and toward OSDs we ask to compress
     * with these methods in this order ({@code ms_osd_compress_mode=force}).
     */
    static io.msgr2.spec.conn.Compression compression(String s) {
        if (s.equals("off")) {
            return io.msgr2.spec.conn.Compression.OFF;
        }
        List<io.msgr2.spec.wire.CompressionMethod> methods = new ArrayList<>();
        for (String m : s.split(",")) {
            methods.add(switch (m.trim()) {
                case "snappy" -> io.msgr2.spec.wire.CompressionMethod.SNAPPY;
                case "zlib" -> io.msgr2.spec.wire.CompressionMethod.ZLIB;
                case "zstd" -> io.msgr2.spec.wire.CompressionMethod.ZSTD;
                case "lz4" -> io.msgr2.spec.wire.CompressionMethod.LZ4;
                default -> throw new Args.UsageException("--compress takes off or a list of snappy, zlib, zstd, lz4");
            });
        }
        return io.msgr2.spec.conn.Compression.force(methods);
    }

    /** The secret from {@code --key BASE64} or from {@code name}'s section of {@code --keyring FILE}. */
    static Optional<CryptoKey> key(Args a, EntityName name) {
        if (a.get("key").isPresent() && a.get("keyring").isPresent()) {
            throw new Args.UsageException("give --key or --keyring, not both");
        }
        if (a.get("key").isPresent()) {
            return Optional.of(CryptoKey.fromBase64(a.get("key").get()).filter(CryptoKey::usable).orElseThrow(() ->
                    new Args.UsageException("--key is not a base64 cephx key (like AQB4OwZr...Cg==)")));
        }
        if (a.get("keyring").isPresent()) {
            Keyring k = keyring(a.get("keyring").get());
            return Optional.of(k.get(name).orElseThrow(() -> new Args.UsageException(
                    "the keyring " + a.get("keyring").get() + " has no [" + name + "] section")).key());
        }
        return Optional.empty();
    }

    static Keyring keyring(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new Args.UsageException("cannot read the keyring " + file + ": " + e.getMessage());
        }
        return Keyring.parse(text).getOrElseThrow(Args.UsageException::new);
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
        for (String m : s.split(",")) {
            out.add(switch (m.trim()) {
                case "crc" -> ConnectionMode.CRC;
                case "secure" -> ConnectionMode.SECURE;
                default -> throw new Args.UsageException("--mode takes crc, secure or a list like crc,secure");
            });
        }
        return out;
    }

    static InetSocketAddress hostPort(String s) {
        String v = s.startsWith("v2:") ? s.substring(3) : s;
        int colon = v.lastIndexOf(':');
        if (colon <= 0) {
            throw new Args.UsageException("expected HOST:PORT, got '" + s + "'");
        }
        try {
            return new InetSocketAddress(v.substring(0, colon), Integer.parseInt(v.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new Args.UsageException("bad port in '" + s + "'");
        }
    }
}
