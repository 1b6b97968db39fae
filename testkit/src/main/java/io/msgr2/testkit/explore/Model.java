package io.msgr2.testkit.explore;

import io.msgr2.spec.conn.Config;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.testkit.Configs;
import java.util.List;
import java.util.Optional;

/**
 * A small world to explore: its messengers, the messages each application sends, which
 * faults may strike, and how deep to look by default. All run auth none in crc mode: cephx
 * and secure mode add frames and bytes but change no session decision, and the exploration
 * works on frames, whose crc encoding is stateless.
 *
 * @param name what {@code --model} takes
 * @param peers the messengers, in a fixed order (their index names them in the world)
 * @param restarts whether a peer may restart (a fault)
 * @param defaultDepth the depth {@code ./msgr2 explore} uses when not told
 * @param defaultFaults the fault budget of a path when not told
 * @param lost the front payloads of messages the network silently loses: a broken world, for
 *     showing that the checks catch it (empty in every real model)
 */
public record Model(String name, String description, List<PeerSpec> peers, boolean restarts, int defaultDepth,
                    int defaultFaults, List<String> lost) {
    public Model {
        peers = List.copyOf(peers);
        lost = List.copyOf(lost);
    }

    Model(String name, String description, List<PeerSpec> peers, int defaultDepth, int defaultFaults) {
        this(name, description, peers, true, defaultDepth, defaultFaults, List.of());
    }

    /** This model on a network that loses every copy of the message with this front payload. */
    public Model losing(String front) {
        return new Model(name + "-losing", description + ", losing " + front, peers, restarts, defaultDepth,
                defaultFaults, java.util.stream.Stream.concat(lost.stream(), java.util.stream.Stream.of(front)).toList());
    }

    /**
     * One messenger. {@code sends} messages go to the peer at index {@code to}. A peer that
     * {@code dials} finds or opens its connection to it (Ceph's {@code connect_to}); one that
     * does not (a server policy) sends only on a session the other side established.
     * {@code restart}: how it comes back when it restarts.
     */
    public record PeerSpec(String name, Config config, EntityAddrVec addrs, int sends, int to, boolean dials,
                           Nonce restart) {
        public EntityType type() {
            return config.name().type();
        }

        public long gid() {
            return config.gid();
        }
    }

    /**
     * How a restarted messenger comes back: with the address nonce it had (a mon, whose
     * nonce is 0), or with a new one (a daemon or client: Ceph picks a random or pid nonce
     * at every start, and peers learn the new address from the maps).
     */
    public enum Nonce { SAME, NEW }

    /**
     * Two OSDs (lossless_peer both ways), one message each way: both dial at once. They
     * restart with a new nonce, as Ceph's daemons do; {@link #osdPairSameNonce} is the
     * same pair restarting with the old one.
     */
    public static Model osdPair() {
        return new Model("osd-pair", "osd.1 <-> osd.2, lossless peers, 1 message each way, both dialling at once",
                List.of(new PeerSpec("osd.1", Configs.osd(1), Configs.v2(1, 6800, 101), 1, 1, true, Nonce.NEW),
                        new PeerSpec("osd.2", Configs.osd(2), Configs.v2(2, 6800, 202), 1, 0, true, Nonce.NEW)),
                32, 1);
    }

    /**
     * {@link #osdPair} whose OSDs restart with the nonce they had: lossless_peer has no
     * resetcheck, so a restarted peer's session can be resumed by mistake (see docs/explore.md).
     */
    public static Model osdPairSameNonce() {
        return new Model("osd-pair-same-nonce", "osd-pair, restarting with the same nonce",
                List.of(new PeerSpec("osd.1", Configs.osd(1), Configs.v2(1, 6800, 101), 1, 1, true, Nonce.SAME),
                        new PeerSpec("osd.2", Configs.osd(2), Configs.v2(2, 6800, 202), 1, 0, true, Nonce.SAME)),
                28, 1);
    }

    /** A lossless client and a stateful server: two messages up, one reply down on the client's session. */
    public static Model clientMds() {
        return new Model("client-mds", "client.7 -> mds.a, lossless_client / stateful_server, 2 messages up, 1 reply",
                List.of(new PeerSpec("client.7", Configs.withPolicy(new EntityName(EntityType.CLIENT, "7"), 7,
                                Policy.LOSSLESS_CLIENT), Configs.v2(3, 0, 7), 2, 1, true, Nonce.NEW),
                        new PeerSpec("mds.a", Configs.withPolicy(new EntityName(EntityType.MDS, "a"), 0,
                                Policy.STATEFUL_SERVER), Configs.v2(4, 6801, 404), 1, 0, false, Nonce.SAME)),
                60, 2);
    }

    /** A lossy client and a mon (stateless_server): two messages up, one reply down. */
    public static Model clientMon() {
        return new Model("client-mon", "client.8 -> mon.a, lossy_client / stateless_server, 2 messages up, 1 reply",
                List.of(new PeerSpec("client.8", Configs.client("8"), Configs.clientAddr(8), 2, 1, true, Nonce.NEW),
                        new PeerSpec("mon.a", Configs.mon("a"), Configs.v2(5, 3300, 0), 1, 0, false, Nonce.SAME)),
                70, 3);
    }

    /** Three OSDs in a ring, one message each to the next (not a default: it is large). */
    public static Model osdRing() {
        return new Model("osd-ring", "osd.1 -> osd.2 -> osd.3 -> osd.1, lossless peers, 1 message each",
                List.of(new PeerSpec("osd.1", Configs.osd(1), Configs.v2(1, 6800, 101), 1, 1, true, Nonce.NEW),
                        new PeerSpec("osd.2", Configs.osd(2), Configs.v2(2, 6800, 202), 1, 2, true, Nonce.NEW),
                        new PeerSpec("osd.3", Configs.osd(3), Configs.v2(6, 6800, 303), 1, 0, true, Nonce.NEW)),
                24, 1);
    }

    /** The models {@code ./msgr2 explore} runs by default. */
    public static List<Model> defaults() {
        return List.of(osdPair(), clientMds(), clientMon());
    }

    /** Every model, the defaults first. */
    public static List<Model> all() {
        return List.of(osdPair(), clientMds(), clientMon(), osdRing(), osdPairSameNonce());
    }

    public static Optional<Model> named(String name) {
        return all().stream().filter(m -> m.name.equals(name)).findFirst();
    }
}
