package io.msgr2.codec;

import io.msgr2.spec.frame.DecodeFailure;
import io.msgr2.spec.frame.Tag;
import java.util.Objects;
import java.util.Optional;

/**
 * Why bytes from the peer could not be decoded. The kinds are a closed set; every one of
 * them means "close the connection" (Ceph faults on each), and the detail says where.
 */
public record DecodeError(DecodeFailure kind, Optional<Tag> tag, String detail) {

    public DecodeError {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(tag, "tag is null");
        Objects.requireNonNull(detail, "detail is null");
    }

    public static DecodeError of(DecodeFailure kind, String detail) {
        return new DecodeError(kind, Optional.empty(), detail);
    }

    public static DecodeError of(DecodeFailure kind, Tag tag, String detail) {
        return new DecodeError(kind, Optional.of(tag), detail);
    }

    @Override
    public String toString() {
        return kind + tag.map(t -> " in " + t).orElse("") + ": " + detail;
    }
}
