package io.msgr2.conform.pcap;

import io.msgr2.spec.wire.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * One captured frame.
 *
 * @param timeNanos      when it was captured, in nanoseconds since the epoch
 * @param capturedLength how many bytes of it the capture holds ({@code data.length()})
 * @param originalLength how long it was on the wire; more than {@code capturedLength} when
 *                       the snapshot length cut it
 * @param linkType       the LINKTYPE_* number of its interface (see {@link LinkType})
 * @param data           the captured bytes, starting with the link-layer header
 */
public record Packet(long timeNanos, int capturedLength, long originalLength, int linkType, Bytes data) {

    public Packet {
        Objects.requireNonNull(data, "data is null");
        if (capturedLength != data.length()) {
            throw new IllegalArgumentException("capturedLength " + capturedLength + " but " + data.length() + " bytes");
        }
    }

    /** Whether the snapshot length cut this frame short. */
    public boolean truncated() {
        return capturedLength < originalLength;
    }

    public Optional<LinkType> knownLinkType() {
        return LinkType.of(linkType);
    }
}
