package io.msgr2.spec.session;

/**
 * How a connection behaves when things go wrong, as Ceph's {@code Messenger::Policy} has it.
 *
 * @param lossy the session ends at the first fault after READY: no cookies, no reconnect,
 *     no ACK frames; the application opens a new connection
 * @param server this side never dials: on a fault it waits in STANDBY for the peer
 * @param standby a lossless non-server side with nothing to send goes STANDBY instead of
 *     reconnecting at once
 * @param resetcheck a peer that comes back with another client cookie (it restarted) makes
 *     this side drop the old session (SESSION_RESET full, remote-reset notification)
 * @param registerLossyClients a lossy server still registers its connections by peer
 *     address (one connection per peer); without it lossy clients stay anonymous
 */
public record Policy(boolean lossy, boolean server, boolean standby, boolean resetcheck, boolean registerLossyClients) {
    public static final Policy STATEFUL_SERVER = new Policy(false, true, true, true, true);
    public static final Policy STATELESS_REGISTERED_SERVER = new Policy(true, true, false, false, true);
    public static final Policy STATELESS_SERVER = new Policy(true, true, false, false, false);
    public static final Policy LOSSLESS_PEER = new Policy(false, false, true, false, true);
    public static final Policy LOSSLESS_PEER_REUSE = new Policy(false, false, true, true, true);
    public static final Policy LOSSY_CLIENT = new Policy(true, false, false, false, true);
    public static final Policy LOSSLESS_CLIENT = new Policy(false, false, false, true, true);

    /** Whether a server-side connection of this policy is registered by peer address. */
    public boolean registered() {
        return !(server && lossy && !registerLossyClients);
    }

    @Override
    public String toString() {
        if (equals(STATEFUL_SERVER)) {
            return "stateful_server";
        } else if (equals(STATELESS_REGISTERED_SERVER)) {
            return "stateless_registered_server";
        } else if (equals(STATELESS_SERVER)) {
            return "stateless_server";
        } else if (equals(LOSSLESS_PEER)) {
            return "lossless_peer";
        } else if (equals(LOSSLESS_PEER_REUSE)) {
            return "lossless_peer_reuse";
        } else if (equals(LOSSY_CLIENT)) {
            return "lossy_client";
        } else if (equals(LOSSLESS_CLIENT)) {
            return "lossless_client";
        }
        return "Policy[lossy=" + lossy + ", server=" + server + ", standby=" + standby + ", resetcheck=" + resetcheck
                + ", registerLossyClients=" + registerLossyClients + "]";
    }
}
