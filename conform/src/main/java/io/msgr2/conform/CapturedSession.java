package io.msgr2.conform;

import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.SockAddr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session of a capture: the connections between two messengers that one session spans. A
 * lossy session is one TCP connection; a lossless one is every connection between the same
 * two messengers (their address vectors with nonces), dialled from either side. Connections
 * cut before any ident are attributed by their ports: to the lossless session whose
 * messenger listens on the port they reached, when every identified connection to that port
 * belongs to it ({@code attributed} counts them); otherwise each is a lossy session of its own.
 */
record CapturedSession(boolean lossless, List<CapturedConnection> connections, Optional<EntityAddrVec> a,
                       Optional<EntityAddrVec> b, int attributed) {

    /** Groups the connections of a capture into sessions, in the order of their first connection. */
    static List<CapturedSession> group(List<CapturedConnection> conns) {
        Map<Integer, EntityAddrVec> byPort = new HashMap<>();
        for (CapturedConnection c : conns) {
            c.serverAddrs().ifPresent(a -> byPort.put(c.serverPort(), a));
            c.clientAddrs().ifPresent(a -> port(a).ifPresent(p -> byPort.put(p, a)));
        }
        Map<String, List<CapturedConnection>> lossless = new LinkedHashMap<>();
        Map<String, EntityAddrVec[]> ends = new HashMap<>();
        Map<Integer, String> portSession = new HashMap<>();
        Map<Integer, Boolean> portMixed = new HashMap<>();
        for (CapturedConnection c : conns) {
            Optional<String> key = losslessKey(c, byPort);
            int port = c.serverPort();
            if (key.isPresent()) {
                String prev = portSession.putIfAbsent(port, key.get());
                if (prev != null && !prev.equals(key.get())) {
                    portMixed.put(port, true);
                }
                ends.putIfAbsent(key.get(), new EntityAddrVec[] {c.clientAddrs().get(), byPort.get(port)});
            } else if (c.clientAddrs().isPresent()) {
                portMixed.put(port, true); // an identified lossy connection reached this port
            }
        }
        List<CapturedSession> out = new ArrayList<>();
        Map<String, Integer> attributed = new HashMap<>();
        Map<String, Integer> placeholders = new HashMap<>();
        for (CapturedConnection c : conns) {
            Optional<String> key = losslessKey(c, byPort);
            int port = c.serverPort();
            if (key.isEmpty() && c.clientAddrs().isEmpty() && portSession.containsKey(port)
                    && !portMixed.getOrDefault(port, false)) {
                key = Optional.of(portSession.get(port));
                attributed.merge(key.get(), 1, Integer::sum);
            }
            if (key.isPresent()) {
                if (!lossless.containsKey(key.get())) {
                    lossless.put(key.get(), new ArrayList<>());
                    out.add(null); // its place in the order; filled below
                    placeholders.put(key.get(), out.size() - 1);
                }
                lossless.get(key.get()).add(c);
            } else {
                out.add(new CapturedSession(false, List.of(c), c.clientAddrs(),
                        c.serverAddrs().or(() -> Optional.ofNullable(byPort.get(port))), 0));
            }
        }
        for (var e : placeholders.entrySet()) {
            EntityAddrVec[] ab = ends.get(e.getKey());
            out.set(e.getValue(), new CapturedSession(true, lossless.get(e.getKey()), Optional.of(ab[0]),
                    Optional.ofNullable(ab[1]), attributed.getOrDefault(e.getKey(), 0)));
        }
        return out;
    }

    private static Optional<String> losslessKey(CapturedConnection c, Map<Integer, EntityAddrVec> byPort) {
        if (!c.lossless().orElse(false) || c.clientAddrs().isEmpty() || !byPort.containsKey(c.serverPort())) {
            return Optional.empty();
        }
        String x = c.clientAddrs().get().toString();
        String y = byPort.get(c.serverPort()).toString();
        return Optional.of(x.compareTo(y) < 0 ? x + " <-> " + y : y + " <-> " + x);
    }

    static Optional<Integer> port(EntityAddrVec a) {
        if (a.isEmpty() || !(a.msgr2Addr().addr() instanceof SockAddr.Inet4 in) || in.port() == 0) {
            return Optional.empty();
        }
        return Optional.of(in.port());
    }
}
