package io.msgr2.conform;

import io.msgr2.spec.Role;
import java.util.Optional;

/**
 * How {@link Conformance#replay} runs our side: as the captured client or server, with which
 * keys; {@code peerTruncated}: the peer's bytes were cut short on purpose (compare as far as
 * they drive our side); {@code sealedFromCapture}: stand-in keys, Ceph's key-dependent bytes
 * taken from the capture and counted; {@code compressMinSize}: the captured sender's
 * compression threshold (Ceph's {@code ms_osd_compress_min_size}, 1024 by default);
 * {@code cut} and {@code profile}: see {@link #withCut} and {@link #withProfile}.
 */
public record ReplayOptions(Role role, Keys keys, boolean peerTruncated, boolean sealedFromCapture,
                            int compressMinSize, boolean cut, Optional<Connection> profile) {
    public ReplayOptions(Role role, Keys keys, boolean peerTruncated, boolean sealedFromCapture, int compressMinSize) {
        this(role, keys, peerTruncated, sealedFromCapture, compressMinSize, false, Optional.empty());
    }

    public static ReplayOptions client(Keys keys) {
        return new ReplayOptions(Role.CLIENT, keys, false, false, 1024);
    }

    public static ReplayOptions server(Keys keys) {
        return new ReplayOptions(Role.SERVER, keys, false, false, 1024);
    }

    public ReplayOptions withPeerTruncated(boolean on) {
        return new ReplayOptions(role, keys, on, sealedFromCapture, compressMinSize, cut, profile);
    }

    public ReplayOptions withSealedFromCapture(boolean on) {
        return new ReplayOptions(role, keys, peerTruncated, on, compressMinSize, cut, profile);
    }

    public ReplayOptions withCompressMinSize(int size) {
        return new ReplayOptions(role, keys, peerTruncated, sealedFromCapture, size, cut, profile);
    }

    /**
     * The TCP connection was cut (the capture shows it end): when the peer's bytes run out the
     * connection is over, and what our side sends beyond the captured bytes is what the cut
     * lost (counted, not compared).
     */
    public ReplayOptions withCut(boolean on) {
        return new ReplayOptions(role, keys, peerTruncated, sealedFromCapture, compressMinSize, on, profile);
    }

    /**
     * Another connection of the same messenger, fuller than this one: where this one was cut
     * before a frame that configures our side (HELLO, AUTH_DONE, an ident), that frame is
     * taken from the profile.
     */
    public ReplayOptions withProfile(Connection c) {
        return new ReplayOptions(role, keys, peerTruncated, sealedFromCapture, compressMinSize, cut, Optional.of(c));
    }
}
