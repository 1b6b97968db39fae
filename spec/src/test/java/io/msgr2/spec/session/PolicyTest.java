package io.msgr2.spec.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The presets against Ceph's {@code Messenger::Policy} (src/msg/Policy.h), as the table in
 * docs/facts/msgr2-session-facts.md §7.7 gives them: each preset's flags, and its name in
 * traces is Ceph's factory name.
 */
class PolicyTest {
    @Test
    void eachPresetHasCephsFlagsAndPrintsAsCephsFactoryName() {
        // name -> lossy, server, standby, resetcheck, register_lossy_clients (§7.7)
        Map<String, Policy> ceph = Map.of(
                "stateful_server", new Policy(false, true, true, true, true),
                "stateless_registered_server", new Policy(true, true, false, false, true),
                "stateless_server", new Policy(true, true, false, false, false),
                "lossless_peer", new Policy(false, false, true, false, true),
                "lossless_peer_reuse", new Policy(false, false, true, true, true),
                "lossy_client", new Policy(true, false, false, false, true),
                "lossless_client", new Policy(false, false, false, true, true));
        Map<String, Policy> ours = Map.of(
                "stateful_server", Policy.STATEFUL_SERVER,
                "stateless_registered_server", Policy.STATELESS_REGISTERED_SERVER,
                "stateless_server", Policy.STATELESS_SERVER,
                "lossless_peer", Policy.LOSSLESS_PEER,
                "lossless_peer_reuse", Policy.LOSSLESS_PEER_REUSE,
                "lossy_client", Policy.LOSSY_CLIENT,
                "lossless_client", Policy.LOSSLESS_CLIENT);
        ceph.forEach((name, p) -> {
            assertEquals(p, ours.get(name), name);
            assertEquals(name, p.toString());
        });
    }

    @Test
    void aPolicyThatIsNoPresetPrintsItsFlags() {
        assertEquals("Policy[lossy=true, server=false, standby=true, resetcheck=false, registerLossyClients=false]",
                new Policy(true, false, true, false, false).toString());
    }

    @Test
    void onlyAnAnonymousLossyServerLeavesItsConnectionsUnregistered() {
        // registration is skipped for server, lossy and not register_lossy_clients (§4, "Registration is skipped")
        assertEquals(false, Policy.STATELESS_SERVER.registered());
        for (Policy p : new Policy[] {Policy.STATEFUL_SERVER, Policy.STATELESS_REGISTERED_SERVER, Policy.LOSSLESS_PEER,
                Policy.LOSSLESS_PEER_REUSE, Policy.LOSSY_CLIENT, Policy.LOSSLESS_CLIENT,
                new Policy(false, true, false, false, false), new Policy(true, false, false, false, false)}) {
            assertEquals(true, p.registered(), p.toString());
        }
    }
}
