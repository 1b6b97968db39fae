package io.msgr2.codec;

/**
 * Upper bounds on what a peer can make the decoder hold. A frame announcing a larger
 * segment is rejected from its preamble, before anything is allocated. The defaults are
 * the Linux kernel client's ({@code CEPH_MSG_MAX_*_LEN}).
 *
 * @param controlSegment the payload of a control frame
 * @param front a MESSAGE front segment (also bounds the 41-byte header segment)
 * @param middle a MESSAGE middle segment
 * @param data a MESSAGE data segment
 */
public record Limits(int controlSegment, int front, int middle, int data) {
    public static final int MIB = 1 << 20;
    public static final Limits DEFAULT = new Limits(16 * MIB, 16 * MIB, 16 * MIB, 64 * MIB);

    public Limits {
        if (controlSegment < 64 || front < 0 || middle < 0 || data < 0) {
            throw new IllegalArgumentException("limits must be non-negative, control >= 64");
        }
        if (data > 1 << 30 || front > 1 << 30 || middle > 1 << 30 || controlSegment > 1 << 30) {
            throw new IllegalArgumentException("limits above 1 GiB are not supported");
        }
    }

    /** The most bytes segment {@code index} of a frame may have. */
    public int segment(boolean message, int index) {
        if (!message) {
            return index == 0 ? controlSegment : 0;
        }
        return switch (index) {
            case 0, 1 -> front;
            case 2 -> middle;
            default -> data;
        };
    }
}
