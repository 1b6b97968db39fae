package io.msgr2.spec.frame;

import io.msgr2.spec.wire.CompressionMethod;
import java.util.List;
import java.util.Objects;

/** COMPRESSION_REQUEST (client to server, Quincy+, after AUTH_SIGNATURE): whether the client wants to compress, and its methods in order of preference. */
public record CompressionRequest(boolean compress, List<CompressionMethod> preferredMethods) implements Frame {
    public CompressionRequest {
        preferredMethods = List.copyOf(preferredMethods);
    }

    @Override
    public Tag tag() {
        return Tag.COMPRESSION_REQUEST;
    }
}
