package io.msgr2.conform;

/**
 * Why a replay put bytes on our side's wire as the capture has them instead of making them:
 * the closed set. Such bytes are counted apart ({@link Counts#taken}) and never as identical.
 */
public enum TakenReason {
    /**
     * A compressed segment: two compressors may encode the same data differently (ours is pure
     * Java, Ceph's the C libraries), so Ceph's is taken once it is shown to decompress to
     * exactly the segment our side built; the frame around it is ours.
     */
    COMPRESSION("compression"),
    /**
     * Bytes sealed or signed with a key the capture does not hold: under
     * {@code --sealed-from-capture} a cephx client's sealed {@code CephXAuthorize} parts, its
     * proof and its AUTH_SIGNATURE; in the mon role the sealed inside of each ticket blob (the
     * mon's rotating secrets never cross the wire), unless {@code --mon-store} gives them.
     */
    MISSING_KEY("missing keys");

    private final String text;

    TakenReason(String text) {
        this.text = text;
    }

    /** How the last line names it: {@code compression}, {@code missing keys}. */
    public String text() {
        return text;
    }
}
