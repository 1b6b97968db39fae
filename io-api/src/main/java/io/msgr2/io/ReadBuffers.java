package io.msgr2.io;

import io.msgr2.codec.endpoint.Receiver;
import io.msgr2.spec.wire.Bytes;

/**
 * The arrays one TCP connection reads into, for either stack: the decoder keeps views into
 * them (a received segment is never copied while it lies in one array).
 *
 * <p>While decoded MESSAGE segments are views of them (crc mode, with {@link
 * ReceiveBuffers#OWNED owned} buffers) a full array is replaced, never reused, so what the
 * application was given stays valid: an idle connection holds none (or, on a stack that
 * calls {@link #idleAhead}, one of at most 8 KiB allocated for its next small read); the first
 * read after idle takes 8 KiB (or what it needs), and under a stream each new array doubles,
 * up to 1 MiB, so few frames straddle two arrays (those are copied once; arrays of 2 MiB and
 * more would be G1's humongous objects with the 4 MB regions of a default heap of a few GB, each
 * a young collection's worth of churn: frames of 256 KiB and more get arrays of their own size
 * instead). A stack that holds the bytes before it copies them ({@link #reserveHeld}) gets
 * owned arrays sized exactly for what is known to come, so no owned array is zeroed for room
 * that is never used.
 *
 * <p>Otherwise (loaned buffers, or secure mode, where every segment is decrypted into an
 * array of its own and nothing decoded is a view of a read array) two arrays take turns: the
 * other one is written again only when every byte the decoder has not consumed lies in the
 * current one, so nothing it or a frame in progress still reads is overwritten; delivered
 * messages were handled by then. They double up to 256 KiB, or twice a larger frame (up to 16
 * MiB), so that large frames rarely straddle them; an idle connection keeps one. A stack that
 * holds the bytes ({@link #reserveHeld}) copies them in 64 KiB at a time, and a large frame up
 * to its end, so that each piece is decoded while it is still in the cache.
 *
 * <p>When a new array is needed while a frame is in progress, the frame's bytes received so far
 * (up to 256 KiB) move into it, and it is sized for the rest of the frame as the decoder
 * announced it: a large frame lies in one array, its segments are views, not copies joined
 * from several.
 *
 * <p>One reading thread at a time.
 */
public final class ReadBuffers {
    /** What an idle connection's first owned read array holds. */
    public static final int IDLE_SIZE = 8 * 1024;
    static final int MAX = 1024 * 1024;
    /** {@link #idleAhead}: the largest owned array allocated ahead. */
    static final int AHEAD = 8 * 1024;
    static final int REUSED = 256 * 1024;
    static final int REUSED_MAX = 16 * 1024 * 1024;
    /** A frame in progress of up to this many bytes moves into the next array with the rest of it. */
    static final int MOVED = 256 * 1024;
    /** {@link #reserveHeld}: the most copied at a time from what a stack holds, into reusable arrays, outside large frames. */
    static final int HELD_PIECE = 64 * 1024;
    /** {@link #reserveRead}: a frame whose rest is this large is read up to its end and no further. */
    static final int LARGE = 256 * 1024;

    private final Receiver receiver;
    private final boolean loaned;
    private byte[] array;
    private int used;
    private byte[] spare;
    /** Under a stream, the size of the last frame that took more than one read (0 once idle). */
    private long lastFrame;
    /** What a frame's head (preamble, and in secure mode its first GCM block) may take at most. */
    private static final int HEAD = 128;
    /** {@link #reserveRead}: a large frame came since the connection was last idle. */
    private boolean largeFrames;

    ReadBuffers(Receiver receiver, boolean loaned) {
        this.receiver = receiver;
        this.loaned = loaned;
    }

    /** Whether no decoded value can be a view of a read array (so arrays may be written again). */
    private boolean reusable() {
        return loaned || receiver.format().secure();
    }

    /**
     * Makes room for at least {@code atLeast} bytes at {@link #offset}; a new array is sized
     * for {@code wanted} bytes. {@code pending}: the bytes the decoder holds and has not
     * consumed (which may be views of earlier arrays); {@code idle}: no stream is under way
     * (a new array then starts at 8 KiB again; under a stream each new one doubles).
     */
    public void reserve(int atLeast, long wanted, long pending, boolean idle) {
        if (array != null && array.length - used >= atLeast) {
            return;
        }
        grow(atLeast, wanted, pending, idle);
    }

    /** A new array, as {@link #reserve} sizes it. */
    private void grow(int atLeast, long wanted, long pending, boolean idle) {
        boolean reuse = reusable();
        boolean moves = movable(pending);
        long carried = moves ? pending : 0;
        long size = idle || array == null ? IDLE_SIZE : Math.min(reuse ? REUSED : MAX, 2L * array.length);
        if (wanted > size / 2) {
            size = Math.min(REUSED_MAX, 2 * wanted); // a large frame: room for it twice, so it rarely straddles
        }
        long want = carried + Math.max(size, Math.max(atLeast, wanted));
        if (reuse) {
            want = (want + MOVED - 1) / MOVED * MOVED; // whatever was carried along, the spare fits the next turn
        }
        replace((int) Math.min(Integer.MAX_VALUE - 16, want), moves ? carried : -1, reuse, pending);
    }

    /**
     * Under {@link #reserveHeld} and {@link #reserveRead}: {@link #reserve} for {@code n} bytes in hand,
     * which then copies {@link #room} of them if that is fewer and reserves again for the rest.
     * {@code rest}: the decoder's last "at least this many more bytes" (the rest of the frame in
     * progress). An owned array is never written again, so room to spare in it is memory zeroed
     * for nothing: a new one for a frame in progress ends where that frame ends (up to 16 MiB),
     * holding the part of it that moves along, and the current one is kept while it has room for
     * the rest of the frame in progress: that frame ends in it, and the bytes after it start the
     * next array, which has room for them and, under a stream, for a frame as large as the last
     * one that took several reads (so that frames of one size never move). Reusable arrays are
     * reserved as by {@link #reserve}, except that a frame in progress which will not fit in the
     * room left moves into the next array as soon as that is known (the read after its preamble),
     * so that it lies in one array: a secure frame is decrypted from one view, not from a copy
     * joined from two arrays. ({@link #reserve} does not apply that rule: with reads that fill
     * whatever room there is, the blocking stack measured slower with it; {@link #reserveRead}
     * applies it to large frames, whose reads it stops at the frame's end.)
     */
    void reserveInHand(int n, long rest, long pending) {
        int room = array == null ? 0 : array.length - used;
        if (reusable()) {
            // a frame in progress that will not fit moves on now, while its start is small
            boolean wontFit = rest > room && movable(pending);
            if (room < n || wontFit) {
                grow(n, Math.max(n, rest), pending, pending == 0);
            }
            return;
        }
        if (pending > 0 && rest > 0) {
            lastFrame = pending + rest + HEAD;
        }
        if (room >= n || (pending > 0 && rest > 0 && room >= rest)) {
            return;
        }
        boolean moves = movable(pending);
        long carried = moves ? pending : 0;
        // a frame in progress: an array that ends where it ends (the bytes after it start the next one);
        // bytes that start frames: room for one as large as the last, so that under a stream it ends here too
        long known = pending > 0 && rest > 0 ? Math.min(REUSED_MAX, rest) : Math.max(n, Math.min(REUSED_MAX, lastFrame));
        replace((int) Math.min(Integer.MAX_VALUE - 16, carried + known), moves ? carried : -1, false, pending);
    }

    /**
     * {@link #reserveInHand}, returning how many of the {@code n} bytes in hand to copy now (at
     * least 1, at most {@link #room}); the stack copies them, commits them, and comes back for
     * the rest. With reusable arrays a large frame in progress ({@code rest} of at least 256
     * KiB) is copied up to its end and no further, and other bytes at most 64 KiB at a time.
     * Netty hands over up to 1 MiB per read: a large frame whose first part already filled
     * more than 256 KiB of the current array could not move along and would straddle two
     * arrays (its ciphertext joined into a third); once its preamble is in, its size is known.
     * And what is copied is decoded (in secure mode decrypted) while it is still in the cache:
     * with 64 secure connections, 64 KiB pieces instead of 256 KiB ones raised the aggregate by
     * a third on this machine kind (docs/benchmarks.md).
     */
    public int reserveHeld(int n, long rest, long pending) {
        int want = n;
        if (reusable()) {
            want = (int) Math.min(n, rest >= LARGE ? rest : HELD_PIECE);
        }
        reserveInHand(want, rest, pending);
        return Math.min(want, room());
    }

    /**
     * {@link #reserve} for a stack whose reads fill whatever room they are given (blocking):
     * returns how many bytes to read at {@link #offset}. {@code rest}: the decoder's last "at
     * least this many more bytes"; {@code pending} and {@code idle} as for {@link #reserve}.
     * Small frames are read as before, as many at once as the array has room for. A large
     * frame in progress ({@code rest} of at least 256 KiB) is read up to its end and no
     * further, into an array reserved as {@link #reserveInHand} does (it moves along while its
     * start is small), and after a large frame reads stop at 256 KiB, so that the start of the
     * next one is small enough to move: a large frame lies in one array, its segments (crc) or
     * its ciphertext (secure) one view, not a copy joined from two arrays. The cost is at most
     * one more read per large frame.
     */
    public int reserveRead(long rest, long pending, boolean idle) {
        if (idle) {
            largeFrames = false;
            lastFrame = 0;
        }
        if (rest >= LARGE) {
            largeFrames = true;
            reserveInHand((int) Math.min(rest, Integer.MAX_VALUE - 16), rest, pending);
            return (int) Math.min(room(), rest);
        }
        if (largeFrames) {
            reserveInHand(MOVED, rest, pending);
            return Math.min(room(), MOVED);
        }
        reserve((int) Math.min(rest, IDLE_SIZE), rest, pending, idle);
        return room();
    }

    /**
     * Every byte the decoder has not consumed ({@code pending}, some) lies at the end of the
     * current array and is little enough to move: the frame in progress can move along into the
     * next array, which then holds the whole frame.
     */
    private boolean movable(long pending) {
        return array != null && pending > 0 && pending <= used && pending <= MOVED;
    }

    /** A new current array of {@code want} bytes (or the spare, when reusable); {@code carried} >= 0 bytes move along. */
    private void replace(int want, long carried, boolean reuse, long pending) {
        byte[] old = array;
        int oldUsed = used;
        if (reuse) {
            boolean free = pending <= used; // every unconsumed byte lies in the current array
            byte[] next = free && spare != null && spare.length >= want ? spare : null;
            spare = free ? array : null; // the current one is free again at the next turn
            array = next != null ? next : new byte[want];
        } else {
            array = new byte[want];
        }
        used = 0;
        if (carried >= 0) {
            System.arraycopy(old, (int) (oldUsed - carried), array, 0, (int) carried);
            receiver.rebase(Bytes.wrap(array, 0, (int) carried));
            used = (int) carried;
        }
    }

    /** The array to read into, from {@link #offset} for at most {@link #room} bytes. */
    public byte[] array() {
        return array;
    }

    public int offset() {
        return used;
    }

    public int room() {
        return array.length - used;
    }

    /** {@code n} bytes were read at {@link #offset}: them, as a chunk for the decoder. */
    public Bytes commit(int n) {
        Bytes b = Bytes.wrap(array, used, n);
        used += n;
        return b;
    }

    /** The decoder holds nothing (call only then): a reusable array is written from its start again. */
    public void rewind() {
        if (array != null && reusable()) {
            used = 0;
        }
    }

    /**
     * The connection is idle and the decoder holds nothing (call only then): an array that may
     * be written again is kept (one, written from its start again); otherwise it is dropped (an
     * idle crc connection with owned buffers holds none).
     */
    public void idle() {
        used = 0;
        lastFrame = 0;
        spare = null;
        if (!reusable()) {
            array = null;
        }
    }

    /**
     * {@link #idle}, for a stack that calls it once its writes are out (Netty): an owned array is
     * replaced at once by a new one as large as what the current one took since it was last
     * idle, when that is at most {@value #AHEAD} bytes, so that the next small message's array
     * is allocated and zeroed here, off the path from its arrival to its answer. An idle
     * connection then holds one owned array of at most that size.
     */
    public void idleAhead() {
        int took = used;
        idle();
        if (!reusable() && took > 0 && took <= AHEAD) {
            array = new byte[took];
        }
    }
}
