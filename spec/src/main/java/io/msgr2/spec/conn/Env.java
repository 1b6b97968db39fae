package io.msgr2.spec.conn;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.auth.cephx.Tickets;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.UTime;

/**
 * What a connection draws from that belongs to its whole messenger rather than to itself:
 * random values, the attempt counter behind global_seq, the global ids a mon-role server
 * hands out, our own addresses (a client learns its IP from the first HELLO), and the last
 * time the application told us, and the cephx tickets a client holds (the mon connection
 * receives them, connections to services use them). The messenger passes it in and takes it
 * back with every step.
 */
public record Env(Entropy entropy, long globalSeq, long nextGlobalId, EntityAddrVec myAddrs, UTime now,
                  Tickets tickets) {
    public Env(Entropy entropy, long globalSeq, long nextGlobalId, EntityAddrVec myAddrs, UTime now) {
        this(entropy, globalSeq, nextGlobalId, myAddrs, now, Tickets.NONE);
    }

    /** A value drawn from the environment, and the environment after the draw. */
    public record Draw<T>(T value, Env env) {}

    /** {@code get_global_seq(old)}: a value above every one handed out and above {@code old}. */
    public Draw<Long> nextGlobalSeq(long old) {
        long gs = Math.max(globalSeq, old) + 1;
        return new Draw<>(gs, new Env(entropy, gs, nextGlobalId, myAddrs, now, tickets));
    }

    /** A random u64 that is not zero (a cookie). */
    public Draw<Long> cookie() {
        Entropy.Drawn d = entropy.nonZeroLong();
        return new Draw<>(d.asLong(), withEntropy(d.rest()));
    }

    public Draw<Long> globalId() {
        return new Draw<>(nextGlobalId, new Env(entropy, globalSeq, nextGlobalId + 1, myAddrs, now, tickets));
    }

    public Env withEntropy(Entropy e) {
        return new Env(e, globalSeq, nextGlobalId, myAddrs, now, tickets);
    }

    public Env withMyAddrs(EntityAddrVec a) {
        return new Env(entropy, globalSeq, nextGlobalId, a, now, tickets);
    }

    public Env withNow(UTime t) {
        return new Env(entropy, globalSeq, nextGlobalId, myAddrs, t, tickets);
    }

    public Env withTickets(Tickets t) {
        return new Env(entropy, globalSeq, nextGlobalId, myAddrs, now, t);
    }
}
