package io.msgr2.spec.denc;

import io.msgr2.spec.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Ceph's encoding primitives ("denc"), little-endian: fixed-width integers, le32-length
 * blobs and strings, le32-count lists, and versioned structs ({@code ENCODE_START}: u8
 * version, u8 compat, le32 length of what follows).
 */
public final class DencWriter {
    private byte[] buf;
    private int pos;

    public DencWriter() {
        this(64);
    }

    public DencWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    public int position() {
        return pos;
    }

    public DencWriter u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public DencWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public DencWriter u16(int v) {
        ensure(2);
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
        return this;
    }

    /** Big-endian u16 (the port inside a sockaddr). */
    public DencWriter u16be(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public DencWriter u32(int v) {
        ensure(4);
        putU32(buf, pos, v);
        pos += 4;
        return this;
    }

    public DencWriter u32be(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public DencWriter u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** Big-endian u64 (a uuid's halves are stored as raw bytes in network order). */
    public DencWriter u64be(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public DencWriter raw(Bytes b) {
        ensure(b.length());
        b.copyTo(buf, pos);
        pos += b.length();
        return this;
    }

    public DencWriter zeros(int n) {
        ensure(n);
        pos += n; // the buffer is zero-filled and never reused
        return this;
    }

    /** A {@code bufferlist}: le32 length, then the bytes. */
    public DencWriter blob(Bytes b) {
        return u32(b.length()).raw(b);
    }

    /** A {@code std::string}: le32 length, then the bytes (UTF-8), no terminator. */
    public DencWriter string(String s) {
        return blob(Bytes.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** A {@code std::vector<T>}: le32 count, then each element. */
    public <T> DencWriter list(List<T> items, BiConsumer<DencWriter, T> each) {
        u32(items.size());
        for (T t : items) {
            each.accept(this, t);
        }
        return this;
    }

    /** {@code ENCODE_START(version, compat)}: returns the mark to pass to {@link #endStruct}. */
    public int startStruct(int version, int compat) {
        u8(version).u8(compat).u32(0);
        return pos;
    }

    /** {@code ENCODE_FINISH}: fills in the length of what was written since the mark. */
    public DencWriter endStruct(int mark) {
        putU32(buf, mark - 4, pos - mark);
        return this;
    }

    public Bytes toBytes() {
        return Bytes.wrap(buf, 0, pos);
    }

    public static void putU32(byte[] a, int at, int v) {
        a[at] = (byte) v;
        a[at + 1] = (byte) (v >>> 8);
        a[at + 2] = (byte) (v >>> 16);
        a[at + 3] = (byte) (v >>> 24);
    }

    public static void putU16(byte[] a, int at, int v) {
        a[at] = (byte) v;
        a[at + 1] = (byte) (v >>> 8);
    }
}
