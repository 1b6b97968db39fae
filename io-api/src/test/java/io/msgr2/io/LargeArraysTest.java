package io.msgr2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.msgr2.codec.RecyclingAllocator;
import org.junit.jupiter.api.Test;

/** Large arrays go back to the pool the connections share, within its limit; small ones stay with their allocator. */
class LargeArraysTest {
    private static final int FRAME = (4 << 20) + 64;

    @Test
    void aLargeArrayIsReusedByTheNextLargeFrameOfAnyConnection() {
        LargeArrays pool = new LargeArrays(8L << 20);
        RecyclingAllocator a = new RecyclingAllocator(1 << 20, pool);
        RecyclingAllocator b = new RecyclingAllocator(1 << 20, pool);
        byte[] first = a.allocate(FRAME);
        assertEquals(0, pool.kept(), "lent, not kept");
        a.recycle();
        assertEquals(FRAME, pool.kept());
        assertSame(first, b.allocate(FRAME), "another connection's next frame of that size reuses it");
        assertEquals(0, pool.kept());
        assertNotSame(first, a.allocate(FRAME), "lent once at a time");
    }

    @Test
    void thePoolKeepsNoMoreThanItsLimit() {
        LargeArrays pool = new LargeArrays(8L << 20);
        RecyclingAllocator a = new RecyclingAllocator(1 << 20, pool);
        for (int i = 0; i < 3; i++) {
            a.allocate(FRAME);
        }
        a.recycle();
        assertEquals(FRAME, pool.kept(), "a second 4 MiB array would pass the 8 MiB limit");
    }

    @Test
    void smallArraysStayWithTheirAllocator() {
        LargeArrays pool = new LargeArrays(8L << 20);
        RecyclingAllocator a = new RecyclingAllocator(1 << 20, pool);
        byte[] small = a.allocate(4096);
        a.recycle();
        assertEquals(0, pool.kept());
        assertSame(small, a.allocate(4096));
    }
}
