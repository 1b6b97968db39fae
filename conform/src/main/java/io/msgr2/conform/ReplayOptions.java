package io.msgr2.conform;

import io.msgr2.spec.Role;

/**
 * How {@link Conformance#replay} runs our side: as the captured client or server, with which
 * keys; {@code peerTruncated}: the peer's bytes were cut short on purpose (compare as far as
 * they drive our side); {@code sealedFromCapture}: stand-in keys, Ceph's key-dependent bytes
 * taken from the capture and counted; {@code compressMinSize}: the captured sender's
 * compression threshold (Ceph's {@code ms_osd_compress_min_size}, 1024 by default).
 */
public record ReplayOptions(Role role, Keys keys, boolean peerTruncated, boolean sealedFromCapture,
                            int compressMinSize) {
    public static ReplayOptions client(Keys keys) {
        return new ReplayOptions(Role.CLIENT, keys, false, false, 1024);
    }

    public static ReplayOptions server(Keys keys) {
        return new ReplayOptions(Role.SERVER, keys, false, false, 1024);
    }

    public ReplayOptions withPeerTruncated(boolean on) {
        return new ReplayOptions(role, keys, on, sealedFromCapture, compressMinSize);
    }

    public ReplayOptions withSealedFromCapture(boolean on) {
        return new ReplayOptions(role, keys, peerTruncated, on, compressMinSize);
    }

    public ReplayOptions withCompressMinSize(int size) {
        return new ReplayOptions(role, keys, peerTruncated, sealedFromCapture, size);
    }
}
