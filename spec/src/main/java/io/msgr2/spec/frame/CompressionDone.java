package io.msgr2.spec.frame;

import io.msgr2.spec.wire.CompressionMethod;
import java.util.List;
import java.util.Objects;

/** COMPRESSION_DONE (server to client, Quincy+): whether frames will be compressed, and with which method (none when not). */
public record CompressionDone(boolean compress, CompressionMethod method) implements Frame {
    public CompressionDone {
        Objects.requireNonNull(method, "method is null");
    }

    @Override
    public Tag tag() {
        return Tag.COMPRESSION_DONE;
    }
}
