package io.msgr2.spec.frame;

/** IDENT_MISSING_FEATURES (server to client): the client lacks these required CEPH_FEATURE bits. */
public record IdentMissingFeatures(long features) implements Frame {
    @Override
    public Tag tag() {
        return Tag.IDENT_MISSING_FEATURES;
    }
}
