package io.msgr2.codec.frame;

import io.msgr2.spec.wire.Bytes;
import java.util.List;

/**
 * Encoded bytes ready to write, as a gather list: small pieces the encoder built and, in
 * crc mode, the application's own segment buffers (never copied).
 */
public record Wire(List<Bytes> chunks, long length) {
    public Wire {
        chunks = List.copyOf(chunks);
    }

    public static Wire of(List<Bytes> chunks) {
        long n = 0;
        for (Bytes b : chunks) {
            n += b.length();
        }
        return new Wire(chunks, n);
    }

    /** All chunks in one buffer (a copy when there is more than one). */
    public Bytes toBytes() {
        return chunks.size() == 1 ? chunks.get(0) : Bytes.concat(chunks.toArray(Bytes[]::new));
    }
}
