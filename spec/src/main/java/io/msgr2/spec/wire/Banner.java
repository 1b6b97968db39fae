package io.msgr2.spec.wire;

/**
 * The msgr2 banner: {@code "ceph v2\n"}, a le16 payload length (16), then le64 supported
 * and le64 required msgr2 features. Both sides send it unprompted as their first bytes.
 */
public record Banner(long supported, long required) {
    /** Pacific 16.2's banner: supports msgr2.1, requires nothing. */
    public static final Banner PACIFIC = new Banner(Msgr2Features.PACIFIC_SUPPORTED, 0);
    /** Quincy and later: msgr2.1 and on-wire compression, requires nothing. */
    public static final Banner QUINCY = new Banner(Msgr2Features.QUINCY_SUPPORTED, 0);

    /**
     * The rule both sides apply to the peer's banner ({@code _handle_peer_banner_payload}):
     * each side's required bits must be supported by the other, or the connection is stopped
     * without any frame. msgr2.1 framing is used in both directions iff both sides support
     * REVISION_1 (Ceph checks only the peer, because it always supports it itself).
     */
    public Negotiation negotiate(Banner peer) {
        long peerLacks = required & ~peer.supported;
        long weLack = peer.required & ~supported;
        if (peerLacks != 0 || weLack != 0) {
            return new Negotiation.Incompatible(peerLacks, weLack);
        }
        boolean rev1 = has(Msgr2Features.REVISION_1) && peer.has(Msgr2Features.REVISION_1);
        boolean compression = has(Msgr2Features.COMPRESSION) && peer.has(Msgr2Features.COMPRESSION);
        return new Negotiation.Compatible(rev1, compression);
    }

    public boolean has(long feature) {
        return (supported & feature) == feature;
    }

    /** The outcome of comparing two banners. */
    public sealed interface Negotiation {
        /** Both sides can talk: which framing revision, and whether the compression exchange runs. */
        record Compatible(boolean rev1, boolean compressionExchange) implements Negotiation {}

        /** A required bit is missing on one side: the connection stops, no retry. */
        record Incompatible(long peerLacks, long weLack) implements Negotiation {}
    }

    @Override
    public String toString() {
        return "Banner[supported=" + Msgr2Features.describe(supported) + ", required="
                + Msgr2Features.describe(required) + "]";
    }
}
