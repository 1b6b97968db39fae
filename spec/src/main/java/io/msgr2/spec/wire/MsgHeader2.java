package io.msgr2.spec.wire;

/**
 * {@code ceph_msg_header2}: segment 0 of every MESSAGE frame, 41 packed bytes. It has no
 * source name and no lengths: the source is the session's peer, the lengths are the
 * frame's segment lengths.
 *
 * @param seq per-session message number, the first message is 1
 * @param tid transaction id, for the application
 * @param type message type ({@code CEPH_MSG_*}), u16
 * @param priority u16: 64 low, 127 default, 196 high, 255 highest
 * @param version encoding version of the front payload, u16
 * @param dataPrePaddingLen u32, always written 0
 * @param dataOff u16, the sender's data offset hint
 * @param ackSeq the highest in-order seq the sender has received (a piggy-backed ack)
 * @param flags u8, legacy footer flags ({@code CEPH_MSG_FOOTER_COMPLETE} = 1, ...)
 * @param compatVersion u16, the oldest decoder version that can read the front
 * @param reserved u16, 0
 */
public record MsgHeader2(long seq, long tid, int type, int priority, int version, int dataPrePaddingLen,
                         int dataOff, long ackSeq, int flags, int compatVersion, int reserved) {
    /** The encoded size. */
    public static final int SIZE = 41;

    public static final int PRIO_LOW = 64;
    public static final int PRIO_DEFAULT = 127;
    public static final int PRIO_HIGH = 196;
    public static final int PRIO_HIGHEST = 255;

    public MsgHeader2 {
        u16(type, "type");
        u16(priority, "priority");
        u16(version, "version");
        u16(dataOff, "dataOff");
        u16(compatVersion, "compatVersion");
        u16(reserved, "reserved");
        if (flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("flags is a u8: " + flags);
        }
    }

    /** A header for a new outgoing message: seq and ack_seq are filled in when it is sent. */
    public static MsgHeader2 of(int type, int priority, int version, int compatVersion) {
        return new MsgHeader2(0, 0, type, priority, version, 0, 0, 0, 0, compatVersion, 0);
    }

    public MsgHeader2 withSeq(long newSeq, long newAckSeq) {
        return new MsgHeader2(newSeq, tid, type, priority, version, dataPrePaddingLen, dataOff, newAckSeq, flags,
                compatVersion, reserved);
    }

    private static void u16(int v, String name) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(name + " is a u16: " + v);
        }
    }
}
