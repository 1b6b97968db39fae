package io.msgr2.conform.probe;

import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.spec.auth.cephx.Tickets;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.SessionReconnect;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.EntityType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A server scenario on a lossless session: the probe, as {@code osd.N} (its key, tickets from
 * {@code --mon}) on an OSD's cluster address, establishes a session, cuts and reconnects
 * {@code cleanReconnects} times as Ceph does, cuts again and sends the last SESSION_RECONNECT
 * changed by {@code deviate}; the server's answer must be what the acceptor's decision table
 * says (src/msg/async/ProtocolV2.cc handle_reconnect).
 */
record LosslessReconnect(String name, String rule, Credentials who, int nonce, boolean rev1, int cleanReconnects,
                         UnaryOperator<SessionReconnect> deviate, Predicate<Observed> expected, String expectation)
        implements Scenario {
    @Override
    public String source() {
        return ServerScenarios.PROTOCOL + " handle_reconnect (the existing connection's connect_seq and "
                + "peer_global_seq decide)";
    }

    @Override
    public Outcome run(InetSocketAddress target, Duration timeout) {
        if (!who.name().type().equals(EntityType.OSD) || who.key().isPresent() && who.mon().isEmpty()) {
            return Outcome.skip("a lossless session needs an OSD's cluster address and --name osd.N (with cephx: "
                    + "its key, and --mon for tickets)");
        }
        try {
            Optional<EntityType> type = SpecPeer.peerType(target, timeout);
            if (type.isEmpty() || !type.get().equals(EntityType.OSD)) {
                return Outcome.skip("the target is " + type.map(Object::toString).orElse("silent")
                        + ", not an OSD: no lossless session to resume");
            }
            Duration longer = timeout.multipliedBy(3);
            Optional<Tickets> tickets = who.key().isEmpty() ? Optional.of(Tickets.NONE)
                    : SpecPeer.tickets(who.mon().get(), longer, new SpecPeer.Identity(who.name(),
                            who.auth(AfterAuthScenarios.CRC), true, false));
            if (tickets.isEmpty()) {
                return Outcome.skip("the mon at " + who.mon().get() + " gave " + who.name() + " no tickets");
            }
            Hooks h = AfterAuthScenarios.frames(f -> f instanceof SessionReconnect r ? deviate.apply(r) : f);
            Predicate<List<Frame>> answered = fs -> fs.stream().anyMatch(f -> f.tag() == Tag.SESSION_RETRY
                    || f.tag() == Tag.SESSION_RETRY_GLOBAL || f.tag() == Tag.SESSION_RESET
                    || f.tag() == Tag.SESSION_RECONNECT_OK || f.tag() == Tag.WAIT);
            Observed o = LosslessPeer.run(target, nonce, longer, who.name(), who.auth(AfterAuthScenarios.CRC), rev1,
                    tickets.get(), cleanReconnects, h, answered);
            return expected.test(o) ? Outcome.pass(o.describe()) : Outcome.fail(expectation, o.describe());
        } catch (IOException e) {
            return Outcome.fail(expectation, "the connection failed: " + e.getMessage());
        }
    }
}
