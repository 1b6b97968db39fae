package io.msgr2.spec.conn;

import io.msgr2.spec.Role;
import io.msgr2.spec.auth.AuthOutcome;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.EntityAddr;
import java.util.Optional;

/**
 * One TCP connection of a session: what this side knows about it from its first byte to its
 * close. A session outlives its links; every reconnect starts a new one.
 *
 * @param role whether we dialled (client) or accepted (server) this TCP connection
 * @param peerAddr the client: the address it dialled; the server: the client's socket address
 * @param peerBanner the peer's banner, once received
 * @param rev1 msgr2.1 framing (both banners say REVISION_1)
 * @param transcript the pre-auth bytes, for AUTH_SIGNATURE
 * @param auth what authentication established, once it completed
 * @param compression the on-wire compression the COMPRESSION_REQUEST/DONE exchange chose (NONE: none)
 */
public record Link(Role role, EntityAddr peerAddr, Optional<Banner> peerBanner, boolean rev1, Transcript transcript,
                   Optional<AuthOutcome> auth, io.msgr2.spec.wire.CompressionMethod compression) {
    public Link(Role role, EntityAddr peerAddr, Optional<Banner> peerBanner, boolean rev1, Transcript transcript,
                Optional<AuthOutcome> auth) {
        this(role, peerAddr, peerBanner, rev1, transcript, auth, io.msgr2.spec.wire.CompressionMethod.NONE);
    }

    public Link withCompression(io.msgr2.spec.wire.CompressionMethod m) {
        return new Link(role, peerAddr, peerBanner, rev1, transcript, auth, m);
    }

    /** Both banners carry the COMPRESSION bit: the COMPRESSION_REQUEST/DONE exchange runs. */
    public boolean compressionExchange(Banner ours) {
        long bit = io.msgr2.spec.wire.Msgr2Features.COMPRESSION;
        return ours.has(bit) && peerBanner.map(b -> b.has(bit)).orElse(false);
    }


    public static Link open(Role role, EntityAddr peerAddr) {
        return new Link(role, peerAddr, Optional.empty(), false, Transcript.EMPTY, Optional.empty());
    }

    public Link withBanner(Banner peer, boolean rev1Framing) {
        return new Link(role, peerAddr, Optional.of(peer), rev1Framing, transcript, auth);
    }

    /** Framing decided before the peer's banner (a pipelining client assumes msgr2.1). */
    public Link withRev1(boolean rev1Framing) {
        return new Link(role, peerAddr, peerBanner, rev1Framing, transcript, auth);
    }

    public Link withTranscript(Transcript t) {
        return new Link(role, peerAddr, peerBanner, rev1, t, auth);
    }

    public Link withAuth(AuthOutcome outcome) {
        return new Link(role, peerAddr, peerBanner, rev1, transcript, Optional.of(outcome));
    }
}
