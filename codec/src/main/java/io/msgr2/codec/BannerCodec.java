package io.msgr2.codec;

import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;

/**
 * The banner on the wire: {@code "ceph v2\n"}, le16 payload length (16 when we send it),
 * le64 supported, le64 required; 26 bytes. A receiver reads the 10-byte prefix, then the
 * announced payload, and ignores payload bytes after the two feature words.
 */
public final class BannerCodec {
    public static final Bytes MAGIC = Bytes.ascii("ceph v2\n");
    /** How a msgr1 peer starts, recognised only to say so in the error. */
    public static final Bytes MSGR1_MAGIC = Bytes.ascii("ceph v027");
    public static final int PREFIX_SIZE = 10;
    public static final int PAYLOAD_SIZE = 16;
    public static final int SIZE = PREFIX_SIZE + PAYLOAD_SIZE;

    private BannerCodec() {}

    public static Bytes encode(Banner b) {
        return new DencWriter(SIZE).raw(MAGIC).u16(PAYLOAD_SIZE).u64(b.supported()).u64(b.required()).toBytes();
    }
}
