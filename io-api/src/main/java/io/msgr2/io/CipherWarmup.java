package io.msgr2.io;

import io.msgr2.codec.frame.FrameCipher;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Once per process, when the first connection goes secure: a low-priority daemon thread
 * makes HotSpot compile the JDK's AES-GCM into its intrinsics ({@link FrameCipher#warmUp}),
 * about a second of one core. Without it, large secure frames decrypt at tens of MB/s
 * until enough frames have gone by. {@code -Dmsgr2.gcmWarmup=false} turns it off.
 */
public final class CipherWarmup {
    static final int ROUNDS = 20_000;
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CountDownLatch DONE = new CountDownLatch(1);

    private CipherWarmup() {}

    /** Starts the warm-up unless it ran or runs already. */
    public static void start() {
        if (!Boolean.parseBoolean(System.getProperty("msgr2.gcmWarmup", "true")) || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                FrameCipher.warmUp(ROUNDS);
            } finally {
                DONE.countDown();
            }
        }, "msgr2-gcm-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Starts it if needed and waits until it is done (benchmarks). */
    public static boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        start();
        return !STARTED.get() || DONE.await(timeout, unit);
    }
}
