package io.msgr2.examples;

import io.msgr2.io.MessengerOptions;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.Msgr2Features;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The options every client command shares: {@code --mon HOST:PORT}, {@code --name TYPE.ID},
 * {@code --auth none|cephx}, {@code --key B64 | --keyring FILE}, {@code --mode crc|secure|crc,secure},
 * {@code --rev0}, {@code --timeout SECONDS}.
 */
record ClientOptions(InetSocketAddress mon, EntityName name, String auth, List<ConnectionMode> modes, boolean rev0,
                     int timeoutSeconds) {
    static final Set<String> VALUED = Set.of("mon", "name", "auth", "key", "keyring", "mode", "timeout", "compress");
    static final Set<String> FLAGS = Set.of("rev0");

    static ClientOptions parse(Args a) {
        InetSocketAddress mon = hostPort(a.require("mon"));
        EntityName name = EntityName.parse(a.get("name").orElse("client.admin"))
                .orElseThrow(() -> new Args.UsageException("--name takes TYPE.ID, e.g. client.admin"));
        String auth = a.get("auth").orElse("none");
        if (!auth.equals("none") && !auth.equals("cephx")) {
            throw new Args.UsageException("--auth takes none or cephx");
        }
        if (auth.equals("cephx")) {
            throw new Args.UsageException("--auth cephx is not implemented yet (issue 5); use --auth none");
        }
        List<ConnectionMode> modes = modes(a.get("mode").orElse("crc"));
        int timeout = Integer.parseInt(a.get("timeout").orElse("10"));
        return new ClientOptions(mon, name, auth, modes, a.flag("rev0"), timeout);
    }

    MessengerOptions messenger() {
        AuthConfig none = AuthConfig.none(name, 0);
        return MessengerOptions.builder().name(name).auth(none)
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
