package io.msgr2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.BannerCodec;
import io.msgr2.codec.Limits;
import io.msgr2.codec.endpoint.Received;
import io.msgr2.codec.endpoint.Receiver;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.MsgHeader2;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Owned read arrays filled the way the Netty stack fills them ({@link ReadBuffers#reserveHeld}):
 * Netty hands over what one socket read returned (here 64 KiB at a time, the most its receive
 * buffers take), and every message must still arrive as views of one array, while no array is
 * zeroed for room no byte ever lands in.
 */
class ReadBuffersTest {
    private static final int READ = 64 * 1024;

    @Test
    void largeMessagesLieInOneExactArrayEachAndNoRoomIsLeftUnused() {
        int size = 1 << 20;
        Run run = feed(List.of(size, size, size), READ);
        assertEquals(3, run.messages.size());
        for (Message m : run.messages) {
            assertEquals(size, m.data().length());
        }
        // each message's data is a view of the array its frame was read into, never a copy joined from two
        for (Message m : run.messages) {
            assertTrue(run.arrays.containsKey(m.data().unsafeArray()), "the data is a view of a read array");
        }
        // what was allocated: every byte received once, plus the frame starts that moved along
        // (at most one read's worth per frame)
        long allocated = run.arrays.keySet().stream().mapToLong(a -> a.length).sum();
        assertTrue(allocated <= run.received + 3L * READ, "allocated " + allocated + " for " + run.received
                + " bytes received");
        for (byte[] a : run.arrays.keySet()) {
            assertEquals(a.length, run.filled.get(a), "an owned array filled to its end");
        }
    }

    @Test
    void smallMessagesShareAnArrayAndSplitReadsStayWhole() {
        Run run = feed(List.of(4096, 100, 4096, 0, 70_000, 4096), 5000); // reads that cut frames anywhere
        assertEquals(6, run.messages.size());
        assertEquals(70_000, run.messages.get(4).data().length());
        // an array that starts frames under a stream has room for one as large as the last: bounded waste
        long allocated = run.arrays.keySet().stream().mapToLong(a -> a.length).sum();
        assertTrue(allocated <= 2 * run.received, "allocated " + allocated + " for " + run.received + " bytes received");
    }

    @Test
    void theSameBytesArriveWhateverTheReadSize() {
        List<Integer> sizes = List.of(1, 4096, 300_000, 17, 65_536);
        for (int read : new int[] {1, 7, 100, 4096, READ, 1 << 20}) {
            Run run = feed(sizes, read);
            assertEquals(sizes.size(), run.messages.size(), "read size " + read);
            for (int i = 0; i < sizes.size(); i++) {
                Message m = run.messages.get(i);
                assertEquals(sizes.get(i), m.data().length());
                for (int j = 0; j < m.data().length(); j += 997) {
                    assertEquals((i + j) & 0xff, m.data().u8(j), "read size " + read + ", message " + i + ", byte " + j);
                }
            }
        }
    }

    /** {@code data}: each message's data as it was when delivered (loaned arrays are written again later). */
    private record Run(List<Message> messages, List<Bytes> data, Map<byte[], Integer> arrays, Map<byte[], Integer> filled,
            long received, int views) {}

    /** A banner and one MESSAGE per size (msgr2.1 crc), handed over {@code read} bytes at a time as the Netty stack does. */
    private static Run feed(List<Integer> sizes, int read) {
        return feed(sizes, read, false);
    }

    private static Run feed(List<Integer> sizes, int read, boolean loaned) {
        return feed(sizes, read, loaned, false);
    }

    /**
     * {@code blocking}: the bytes are read the way the blocking stack reads them ({@link
     * ReadBuffers#reserveRead}): a read returns what it asked for, or {@code read} bytes when
     * the socket holds no more than that.
     */
    private static Run feed(List<Integer> sizes, int read, boolean loaned, boolean blocking) {
        List<Bytes> wire = new ArrayList<>(List.of(BannerCodec.encode(Banner.PACIFIC)));
        FrameEncoder enc = new FrameEncoder(true);
        for (int i = 0; i < sizes.size(); i++) {
            byte[] data = new byte[sizes.get(i)];
            for (int j = 0; j < data.length; j++) {
                data[j] = (byte) (i + j);
            }
            Message m = new Message(MsgHeader2.of(2, MsgHeader2.PRIO_DEFAULT, 1, 0), Bytes.EMPTY, Bytes.EMPTY,
                    Bytes.wrap(data));
            wire.add(((EncodeResult.Encoded) enc.encode(m)).wire().toBytes());
        }
        byte[] all = Bytes.concat(wire.toArray(Bytes[]::new)).toByteArray();
        Receiver receiver = Receiver.of(Role.CLIENT, Limits.DEFAULT, Allocator.HEAP);
        ReadBuffers rb = new ReadBuffers(receiver, loaned);
        int views = 0;
        List<Message> messages = new ArrayList<>();
        List<Bytes> data = new ArrayList<>();
        Map<byte[], Integer> arrays = new IdentityHashMap<>();
        Map<byte[], Integer> filled = new IdentityHashMap<>();
        long hint = 0;
        for (int at = 0; at < all.length; ) {
            int n = Math.min(read, all.length - at);
            if (blocking) {
                long pending = receiver.buffered();
                int len = rb.reserveRead(hint == 0 ? BannerCodec.PREFIX_SIZE : hint, pending, false);
                n = Math.min(n, len);
            }
            while (n > 0) {
                int k = blocking ? Math.min(n, rb.room()) : rb.reserveHeld(n, hint, receiver.buffered());
                System.arraycopy(all, at, rb.array(), rb.offset(), k);
                arrays.putIfAbsent(rb.array(), rb.array().length);
                filled.put(rb.array(), rb.offset() + k);
                receiver.feed(rb.commit(k));
                at += k;
                n -= k;
                while (true) {
                    Received r = receiver.next();
                    if (r instanceof Received.NeedMore more) {
                        hint = more.bytes();
                        break;
                    }
                    if (r instanceof Received.AwaitingFraming) {
                        receiver.control(new Effect.StartFraming(true));
                        continue;
                    }
                    if (r instanceof Received.Frame f && f.received().frame() instanceof Message m) {
                        messages.add(m);
                        data.add(Bytes.wrap(m.data().toByteArray()));
                        views += arrays.containsKey(m.data().unsafeArray()) ? 1 : 0; // a view of a read array, not joined
                    }
                }
            }
        }
        // the last array may keep room only when the input ended inside it
        filled.replaceAll((a, used) -> a == rb.array() ? a.length : used);
        return new Run(messages, data, arrays, filled, all.length, views);
    }

    /**
     * {@link ReadBuffers#idleAhead}: once a small message was handled, the next owned array is
     * allocated at once, as large as what the last one took, and the next read of that size lands
     * in it; after more than 8 KiB, or with reusable (loaned) arrays, it is {@link ReadBuffers#idle}.
     */
    @Test
    void idleAheadPreparesTheNextSmallOwnedArray() {
        Receiver receiver = Receiver.of(Role.CLIENT, Limits.DEFAULT, Allocator.HEAP);
        ReadBuffers rb = new ReadBuffers(receiver, false);
        rb.reserveInHand(4186, 0, 0);
        rb.commit(4186);
        rb.idleAhead();
        assertEquals(4186, rb.array().length);
        assertEquals(0, rb.offset());
        byte[] ahead = rb.array();
        rb.reserveInHand(4186, 0, 0);
        assertTrue(rb.array() == ahead, "the next read of that size lands in the array allocated ahead");
        rb.commit(4186);
        rb.reserveInHand(20_000, 0, 0);
        rb.commit(20_000);
        rb.idleAhead();
        assertTrue(rb.array() == null, "nothing allocated ahead after a read of more than 8 KiB");

        ReadBuffers loaned = new ReadBuffers(receiver, true);
        loaned.reserveInHand(4186, 0, 0);
        byte[] kept = loaned.array();
        loaned.commit(4186);
        loaned.idleAhead();
        assertTrue(loaned.array() == kept && loaned.offset() == 0, "a loaned array is kept and written from its start");
    }

    @Test
    void loanedArraysTakeTurnsAndLargeFramesNeverStraddleThem() {
        int size = 4 << 20;
        Run run = feed(java.util.Collections.nCopies(10, size), READ, true);
        assertEquals(10, run.messages.size());
        assertEquals(10, run.views, "every message a view of one read array");
        assertTrue(run.arrays.size() <= 4, run.arrays.size() + " arrays for ten frames: the two reused ones take turns");
    }

    /**
     * Netty hands over up to 1 MiB per read: the start of the next large frame must not fill
     * more of the current array than can move along, or that frame straddles two arrays.
     */
    @Test
    void largeFramesLieInOneArrayWithReadsOfOneMebibyte() {
        int size = 4 << 20;
        Run run = feed(java.util.Collections.nCopies(10, size), 1 << 20, true);
        assertEquals(10, run.messages.size());
        assertEquals(10, run.views, "every message a view of one read array");
        assertTrue(run.arrays.size() <= 4, run.arrays.size() + " arrays for ten frames: the two reused ones take turns");
    }

    @Test
    void aStreamOfFramesOfOneSizeNeverMovesOne() {
        // 64 KiB messages read 64 KiB at a time: every read ends inside a frame
        Run run = feed(java.util.Collections.nCopies(64, 64 * 1024), READ);
        assertEquals(64, run.messages.size());
        assertEquals(64, run.views);
        long allocated = run.arrays.keySet().stream().mapToLong(a -> a.length).sum();
        assertTrue(allocated <= run.received + run.received / 20, "allocated " + allocated + " for " + run.received
                + " bytes received: frames were moved from array to array");
    }

    @Test
    void theBlockingStackReadsALargeFrameIntoOneArray() {
        int size = 4 << 20;
        for (boolean loaned : new boolean[] {false, true}) {
            for (int read : new int[] {READ, 1 << 20, Integer.MAX_VALUE}) {
                Run run = feed(java.util.Collections.nCopies(8, size), read, loaned, true);
                assertEquals(8, run.messages.size());
                assertEquals(8, run.views, "loaned " + loaned + ", reads of " + read + ": every message a view of one array");
                long allocated = run.arrays.keySet().stream().mapToLong(a -> a.length).sum();
                long bound = loaned ? 3L * 2 * size : run.received + 8L * ReadBuffers.MOVED;
                assertTrue(allocated <= bound, "loaned " + loaned + ", reads of " + read + ": allocated " + allocated
                        + " for " + run.received + " bytes received");
            }
        }
    }

    @Test
    void theBlockingStackReadsMixedFramesWhole() {
        List<Integer> sizes = List.of(100, 3 << 20, 4096, 0, 1 << 20, 70_000, 2 << 20, 17);
        for (boolean loaned : new boolean[] {false, true}) {
            for (int read : new int[] {1, 1000, READ, Integer.MAX_VALUE}) {
                Run run = feed(sizes, read, loaned, true);
                assertEquals(sizes.size(), run.messages.size());
                for (int i = 0; i < sizes.size(); i++) {
                    Bytes d = run.data.get(i);
                    assertEquals(sizes.get(i), d.length());
                    for (int j = 0; j < d.length(); j += 997) {
                        assertEquals((i + j) & 0xff, d.u8(j), "loaned " + loaned + ", read size " + read + ", message " + i
                                + ", byte " + j);
                    }
                }
            }
        }
    }
}
