package io.msgr2.testkit.explore;

import io.vavr.collection.HashMap;
import io.vavr.collection.HashSet;
import io.vavr.collection.Map;
import io.vavr.collection.Set;
import io.vavr.collection.Vector;

/**
 * The history the checks need, as part of the state (two paths that differ in it are two
 * states): which workload messages each receiver got from each sender incarnation, which
 * connections announced RESET (or REMOTE_RESET), the last global_seq each peer incarnation
 * announced, and the messages sent on lossless sessions, with the connection they were
 * queued on.
 *
 * @param delivered {@code receiver@inc<sender@inc} to a bit set of the message numbers delivered
 * @param resets {@code peer@inc#conn} of every connection that notified RESET
 * @param announced {@code peer@inc} to the last global_seq it put in CLIENT_IDENT or SESSION_RECONNECT
 * @param dropped {@code peer@inc#conn} of every connection that notified RESET or REMOTE_RESET
 * @param sent every message an application handed to a lossless session
 */
public record Ledger(Map<String, Long> delivered, Set<String> resets, Map<String, Long> announced,
                     Set<String> dropped, Vector<Sent> sent) {
    public static final Ledger EMPTY = new Ledger(HashMap.empty(), HashSet.empty(), HashMap.empty(),
            HashSet.empty(), Vector.empty());

    /**
     * Message {@code n} from {@code from} (incarnation {@code fromInc}), queued on its
     * connection {@code conn}, to {@code to} (then in incarnation {@code toInc}).
     */
    public record Sent(int from, int fromInc, long conn, int to, int toInc, long n) {}

    /** The highest message number delivered on {@code key} (0: none). */
    long last(String key) {
        long bits = delivered.get(key).getOrElse(0L);
        return bits == 0 ? 0 : 63 - Long.numberOfLeadingZeros(bits);
    }

    /** Whether message {@code n} of {@code sender} (as {@code name@inc}) reached any incarnation of {@code receiver}. */
    boolean reached(String receiver, String sender, long n) {
        return delivered.exists(e -> e._1.startsWith(receiver + "@") && e._1.endsWith("<" + sender)
                && (e._2 & 1L << n) != 0);
    }

    Ledger deliver(String key, long n) {
        return new Ledger(delivered.put(key, delivered.get(key).getOrElse(0L) | 1L << n), resets, announced, dropped,
                sent);
    }

    Ledger reset(String conn) {
        return new Ledger(delivered, resets.add(conn), announced, dropped, sent);
    }

    Ledger drop(String conn) {
        return new Ledger(delivered, resets, announced, dropped.add(conn), sent);
    }

    Ledger announce(String peer, long gs) {
        return new Ledger(delivered, resets, announced.put(peer, gs), dropped, sent);
    }

    Ledger send(Sent s) {
        return new Ledger(delivered, resets, announced, dropped, sent.append(s));
    }
}
