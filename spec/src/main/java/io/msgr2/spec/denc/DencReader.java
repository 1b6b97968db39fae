package io.msgr2.spec.denc;

import io.msgr2.spec.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads Ceph's encoding primitives from a payload, never trusting a length.
 *
 * <p>Errors are sticky instead of thrown: the first problem (a read past the end, a count
 * that cannot fit in what is left, a struct version too new) is recorded, every later read
 * returns zero or empty, and the caller checks {@link #error()} once at the end. A count is
 * checked against the bytes that remain before anything is allocated for it.
 */
public final class DencReader {
    private final Bytes in;
    private int pos;
    private String error;

    public DencReader(Bytes in) {
        this.in = in;
    }

    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    public boolean failed() {
        return error != null;
    }

    public int remaining() {
        return in.length() - pos;
    }

    public int position() {
        return pos;
    }

    /** Records a problem found by the caller (the first one wins). */
    public void fail(String why) {
        if (error == null) {
            error = why + " at offset " + pos;
        }
    }

    private boolean need(int n, String what) {
        if (error != null) {
            return false;
        }
        if (n < 0 || n > remaining()) {
            fail(what + " needs " + Integer.toUnsignedString(n) + " bytes, " + remaining() + " left");
            return false;
        }
        return true;
    }

    public int u8() {
        return need(1, "u8") ? in.u8(pos++) : 0;
    }

    public boolean bool() {
        return u8() != 0;
    }

    public int u16() {
        if (!need(2, "u16")) {
            return 0;
        }
        int v = in.u8(pos) | in.u8(pos + 1) << 8;
        pos += 2;
        return v;
    }

    public int u16be() {
        if (!need(2, "u16")) {
            return 0;
        }
        int v = in.u8(pos) << 8 | in.u8(pos + 1);
        pos += 2;
        return v;
    }

    public int u32() {
        if (!need(4, "u32")) {
            return 0;
        }
        int v = in.u8(pos) | in.u8(pos + 1) << 8 | in.u8(pos + 2) << 16 | in.u8(pos + 3) << 24;
        pos += 4;
        return v;
    }

    public int u32be() {
        if (!need(4, "u32")) {
            return 0;
        }
        int v = in.u8(pos) << 24 | in.u8(pos + 1) << 16 | in.u8(pos + 2) << 8 | in.u8(pos + 3);
        pos += 4;
        return v;
    }

    public long u64() {
        if (!need(8, "u64")) {
            return 0;
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | in.u8(pos + i);
        }
        pos += 8;
        return v;
    }

    /** {@code n} raw bytes, as a view (no copy). */
    public Bytes raw(int n) {
        if (!need(n, "raw bytes")) {
            return Bytes.EMPTY;
        }
        Bytes b = in.slice(pos, n);
        pos += n;
        return b;
    }

    public void skip(int n) {
        raw(n);
    }

    /** A {@code bufferlist}: le32 length, then that many bytes. */
    public Bytes blob() {
        int n = u32();
        return raw(n);
    }

    /** A {@code std::string} (UTF-8). */
    public String string() {
        return new String(blob().toByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * A le32 element count, checked: every element takes at least {@code minElementSize}
     * bytes, so a count that cannot fit in what remains is an error, not an allocation.
     */
    public int count(int minElementSize) {
        int n = u32();
        if (error == null && (n < 0 || (long) n * minElementSize > remaining())) {
            fail("count " + Integer.toUnsignedString(n) + " cannot fit in " + remaining() + " bytes");
            return 0;
        }
        return error == null ? n : 0;
    }

    /** A {@code std::vector<T>}, each element at least {@code minElementSize} bytes. */
    public <T> List<T> list(int minElementSize, Function<DencReader, T> each) {
        int n = count(minElementSize);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n && error == null; i++) {
            out.add(each.apply(this));
        }
        return error == null ? out : List.of();
    }

    /**
     * {@code DECODE_START(myVersion)}: reads u8 version, u8 compat, le32 length; fails if
     * compat is above what we understand or the length overruns. Returns the struct.
     */
    public Struct startStruct(int myVersion) {
        int version = u8();
        int compat = u8();
        int len = u32();
        if (error != null) {
            return new Struct(version, pos);
        }
        if (compat > myVersion) {
            fail("struct compat " + compat + " is newer than " + myVersion);
        } else if (len < 0 || len > remaining()) {
            fail("struct length " + Integer.toUnsignedString(len) + " overruns " + remaining() + " bytes");
        }
        return new Struct(version, error == null ? pos + len : pos);
    }

    /** {@code DECODE_FINISH}: skips what a newer encoder added; an over-read is an error. */
    public void endStruct(Struct s) {
        if (error != null) {
            return;
        }
        if (pos > s.end) {
            fail("struct body overran its length");
        } else {
            pos = s.end;
        }
    }

    /** An open versioned struct: its version and where it ends. */
    public record Struct(int version, int end) {}
}
