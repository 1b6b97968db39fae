package io.msgr2.spec.auth.cephx;

import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.wire.Bytes;

/**
 * {@code CephXTicketBlob}: a ticket as the client holds it, opaque to it. The blob is the
 * bare ciphertext of a {@link ServiceTicketInfo} under the service's rotating secret
 * {@code secretId} (or the service's own key when {@code secretId} is -1).
 *
 * <pre>
 * u8 1 | le64 secret_id | le32 len | blob
 * </pre>
 */
public record TicketBlob(long secretId, Bytes blob) {
    public static final TicketBlob EMPTY = new TicketBlob(0, Bytes.EMPTY);

    public void encode(DencWriter w) {
        w.u8(1).u64(secretId).blob(blob);
    }

    public Bytes encoded() {
        DencWriter w = new DencWriter();
        encode(w);
        return w.toBytes();
    }

    public static TicketBlob decode(DencReader r) {
        r.u8();
        long id = r.u64();
        return new TicketBlob(id, r.blob());
    }

    public boolean isEmpty() {
        return blob.isEmpty();
    }
}
