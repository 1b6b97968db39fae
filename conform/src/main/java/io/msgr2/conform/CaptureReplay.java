package io.msgr2.conform;

import io.msgr2.spec.Role;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays every session of a capture ({@code msgr2 conform --pcap}). A lossy session (one TCP
 * connection) is replayed twice, once as each side, with {@link Conformance#replay}; where the
 * connection was cut before a frame that configures a side, that frame comes from a fuller
 * connection of the same messenger (a profile), and what a side sent beyond the cut is not
 * compared. A lossless session (many TCP connections, reconnects, retries, waits and races)
 * is replayed whole, once as each of its two messengers, by {@link SessionReplay}.
 */
public final class CaptureReplay {
    private CaptureReplay() {}

    public static CaptureReport run(Capture capture, Keys keys, int compressMinSize) {
        List<CapturedConnection> conns = new ArrayList<>();
        for (int i = 0; i < capture.connections().size(); i++) {
            conns.add(CapturedConnection.of(i + 1, capture.connections().get(i)));
        }
        Map<Long, EntityName> names = new HashMap<>();
        for (CapturedConnection c : conns) {
            if (c.clientAddrs().isPresent() && c.clientName().isPresent()) {
                names.putIfAbsent(nonce(c.clientAddrs().get()), c.clientName().get());
            }
        }
        List<SessionReport> out = new ArrayList<>();
        List<String> notes = new ArrayList<>(capture.warnings());
        for (CapturedSession s : CapturedSession.group(conns)) {
            if (s.lossless()) {
                out.add(SessionReplay.run(s, conns, names, keys));
            } else {
                out.add(lossy(s.connections().get(0), s, conns, names, keys, compressMinSize));
            }
        }
        return new CaptureReport(out, notes);
    }

    private static SessionReport lossy(CapturedConnection c, CapturedSession s, List<CapturedConnection> all,
                                       Map<Long, EntityName> names, Keys keys, int compressMinSize) {
        String title = describe(s.a(), names, c.clientType().map(Object::toString).orElse("client")) + " -> "
                + describe(s.b(), names, c.serverType().map(Object::toString).orElse("server")) + " (lossy, "
                + c.shortName() + ")";
        List<String> lines = new ArrayList<>();
        Counts counts = Counts.NONE;
        boolean identical = true;
        for (Role role : List.of(Role.SERVER, Role.CLIENT)) {
            ReplayOptions o = new ReplayOptions(role, keys, false, false, compressMinSize).withCut(c.ended());
            Optional<CapturedConnection> profile = role == Role.SERVER ? serverProfile(c, all) : clientProfile(c, all);
            if (profile.isPresent() && profile.get() != c) {
                o = o.withProfile(profile.get().connection());
            }
            Report r = Conformance.replay(c.connection(), o);
            String who = role == Role.SERVER ? "as server" : "as client";
            lines.add(String.format("  %s: %s%s", who, r.summary(), profile.filter(p -> p != c)
                    .map(p -> " (configured from " + p.shortName() + " where " + c.shortName() + " was cut)")
                    .orElse("")));
            if (!r.identical()) {
                r.lines().forEach(l -> lines.add("    " + l));
            }
            counts = counts.plus(r.counts());
            identical &= r.identical();
        }
        return new SessionReport(title, identical, counts, lines);
    }

    /** The fullest connection to the same server port that got as far as SERVER_IDENT, if this one did not. */
    static Optional<CapturedConnection> serverProfile(CapturedConnection c, List<CapturedConnection> all) {
        if (c.serverAddrs().isPresent()) {
            return Optional.empty();
        }
        return all.stream().filter(x -> x.serverPort() == c.serverPort() && x.serverAddrs().isPresent())
                .max(Comparator.comparingInt(CapturedConnection::frames));
    }

    /**
     * A connection of the same client messenger that got as far as CLIENT_IDENT, if this one did
     * not: by its addresses when this one shows them, else the next one from the same client
     * address to the same server port (the client's retry after the cut), else the previous one.
     */
    static Optional<CapturedConnection> clientProfile(CapturedConnection c, List<CapturedConnection> all) {
        if (c.clientAddrs().isPresent()) {
            return Optional.empty();
        }
        String ip = c.tcp().map(t -> t.client().address().getHostAddress()).orElse("");
        List<CapturedConnection> same = all.stream().filter(x -> x.serverPort() == c.serverPort()
                && x.clientAddrs().isPresent()
                && x.tcp().map(t -> t.client().address().getHostAddress()).orElse("").equals(ip)).toList();
        return same.stream().filter(x -> x.index() > c.index()).findFirst()
                .or(() -> same.stream().filter(x -> x.index() < c.index()).reduce((a, b) -> b));
    }

    static long nonce(EntityAddrVec a) {
        return a.isEmpty() ? 0 : a.addrs().get(0).nonceUnsigned();
    }

    static String describe(Optional<EntityAddrVec> addrs, Map<Long, EntityName> names, String fallback) {
        if (addrs.isEmpty()) {
            return fallback;
        }
        String name = Optional.ofNullable(names.get(nonce(addrs.get()))).map(Object::toString).orElse(fallback);
        return name + " " + addrs.get();
    }
}
