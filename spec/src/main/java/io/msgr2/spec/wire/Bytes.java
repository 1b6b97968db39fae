package io.msgr2.spec.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable run of bytes: an auth payload, a message segment, a signature.
 *
 * <p>Records need value equality, which {@code byte[]} lacks; {@code Bytes} compares by
 * content. It may be a view into a larger array (no copy): whoever builds one with
 * {@link #wrap(byte[], int, int)} promises never to change those bytes again.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] array;
    private final int offset;
    private final int length;

    private Bytes(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** A copy of the given bytes. */
    public static Bytes of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone(), 0, bytes.length);
    }

    /** Takes ownership of the whole array, without copying. */
    public static Bytes wrap(byte[] array) {
        return wrap(array, 0, array.length);
    }

    /** Takes ownership of {@code array[offset, offset+length)}, without copying. */
    public static Bytes wrap(byte[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
        return length == 0 ? EMPTY : new Bytes(array, offset, length);
    }

    /** {@code n} zero bytes. */
    public static Bytes zeros(int n) {
        return n == 0 ? EMPTY : new Bytes(new byte[n], 0, n);
    }

    /** Parses lower- or upper-case hex, ignoring spaces and newlines. */
    public static Bytes fromHex(String hex) {
        return wrap(HEX.parseHex(hex.replaceAll("\\s+", "")));
    }

    public static Bytes ascii(String s) {
        return wrap(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    public static Bytes utf8(String s) {
        return wrap(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The concatenation of the parts. */
    public static Bytes concat(Bytes... parts) {
        int n = 0;
        for (Bytes p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (Bytes p : parts) {
            p.copyTo(out, at);
            at += p.length;
        }
        return wrap(out);
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** The unsigned byte at {@code index}. */
    public int u8(int index) {
        Objects.checkIndex(index, length);
        return array[offset + index] & 0xff;
    }

    public Bytes slice(int from, int len) {
        Objects.checkFromIndexSize(from, len, length);
        return len == 0 ? EMPTY : new Bytes(array, offset + from, len);
    }

    public Bytes slice(int from) {
        return slice(from, length - from);
    }

    public void copyTo(byte[] dst, int dstOffset) {
        System.arraycopy(array, offset, dst, dstOffset, length);
    }

    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** A read-only buffer over these bytes, positioned at 0 (no copy). */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    }

    /**
     * The backing array, offset and length, for code that hands bytes to the JDK
     * (CRC32C, Cipher, OutputStream) without a copy. The caller must not write to it.
     */
    public byte[] unsafeArray() {
        return array;
    }

    public int unsafeOffset() {
        return offset;
    }

    public boolean isZero() {
        for (int i = 0; i < length; i++) {
            if (array[offset + i] != 0) {
                return false;
            }
        }
        return true;
    }

    public String hex() {
        return HEX.formatHex(array, offset, offset + length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b
                && Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    /** Short hex for small values, a length and a prefix for large ones. */
    @Override
    public String toString() {
        return length <= 64 ? "Bytes[" + hex() + "]" : "Bytes[" + length + " bytes: " + slice(0, 32).hex() + "...]";
    }
}
