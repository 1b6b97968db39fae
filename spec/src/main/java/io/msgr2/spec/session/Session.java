package io.msgr2.spec.session;

import java.time.Duration;

/**
 * What survives from one TCP connection to the next: the session's identity (cookies), the
 * attempt counters, the message counters and queues, and the reconnect backoff. Grouped as
 * TLA+ specs group their variables, so that each transition visibly touches one group.
 *
 * @param policy how this connection behaves on faults; a client adopts the server's lossy flag
 * @param clientCookie the session id chosen by the side that sent CLIENT_IDENT (0: none or lossy)
 * @param serverCookie chosen by the side that sent SERVER_IDENT (0: none, or lossy)
 * @param globalSeq this side's current attempt number (messenger-wide counter)
 * @param connectSeq reconnect attempts within the session (0: no session yet)
 * @param peerGlobalSeq the last global_seq the peer presented
 * @param messageSeq acceptor: the peer's msg_seq from its SESSION_RECONNECT
 * @param inSeq highest message seq received in order
 * @param outSeq seq of the last message transmitted
 * @param ackLeft messages received and not yet acknowledged (lossless)
 * @param out queued and sent-but-unacknowledged messages
 * @param keepalivePending a KEEPALIVE2 goes out at the next write
 * @param backoff the current reconnect delay
 * @param peer who the peer is
 */
public record Session(Policy policy, long clientCookie, long serverCookie, long globalSeq, long connectSeq,
                      long peerGlobalSeq, long messageSeq, long inSeq, long outSeq, long ackLeft, OutQueue out,
                      boolean keepalivePending, Duration backoff, Peer peer) {

    public static Session fresh(Policy policy, Peer peer) {
        return new Session(policy, 0, 0, 0, 0, 0, 0, 0, 0, 0, OutQueue.EMPTY, false, Duration.ZERO, peer);
    }

    /** {@code reset_session}: the peer lost the session; drop every message and counter. */
    public Session reset() {
        return new Session(policy, 0, 0, globalSeq, 0, 0, 0, 0, 0, 0, OutQueue.EMPTY, false, backoff, peer);
    }

    public boolean hasSession() {
        return serverCookie != 0;
    }

    public Session withPolicy(Policy p) {
        return new Session(p, clientCookie, serverCookie, globalSeq, connectSeq, peerGlobalSeq, messageSeq, inSeq,
                outSeq, ackLeft, out, keepalivePending, backoff, peer);
    }

    public Session withCookies(long client, long server) {
        return new Session(policy, client, server, globalSeq, connectSeq, peerGlobalSeq, messageSeq, inSeq, outSeq,
                ackLeft, out, keepalivePending, backoff, peer);
    }

    public Session withSeqs(long gs, long cs) {
        return new Session(policy, clientCookie, serverCookie, gs, cs, peerGlobalSeq, messageSeq, inSeq, outSeq,
                ackLeft, out, keepalivePending, backoff, peer);
    }

    public Session withPeerGlobalSeq(long pgs) {
        return new Session(policy, clientCookie, serverCookie, globalSeq, connectSeq, pgs, messageSeq, inSeq, outSeq,
                ackLeft, out, keepalivePending, backoff, peer);
    }

    public Session withMessageSeq(long ms) {
        return new Session(policy, clientCookie, serverCookie, globalSeq, connectSeq, peerGlobalSeq, ms, inSeq, outSeq,
                ackLeft, out, keepalivePending, backoff, peer);
    }

    public Session withMessages(long in, long outS, long ack, OutQueue q) {
        return new Session(policy, clientCookie, serverCookie, globalSeq, connectSeq, peerGlobalSeq, messageSeq, in,
                outS, ack, q, keepalivePending, backoff, peer);
    }

    public Session withKeepalive(boolean pending) {
        return new Session(policy, clientCookie, serverCookie, globalSeq, connectSeq, peerGlobalSeq, messageSeq, inSeq,
                outSeq, ackLeft, out, pending, backoff, peer);
    }

    public Session withBackoff(Duration b) {
        return new Session(policy, clientCookie, serverCookie, globalSeq, connectSeq, peerGlobalSeq, messageSeq, inSeq,
                outSeq, ackLeft, out, keepalivePending, b, peer);
    }

    public Session withPeer(Peer p) {
        return new Session(policy, clientCookie, serverCookie, globalSeq, connectSeq, peerGlobalSeq, messageSeq, inSeq,
                outSeq, ackLeft, out, keepalivePending, backoff, p);
    }
}
