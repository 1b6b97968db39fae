package io.msgr2.testkit.explore;

import io.msgr2.spec.conn.Config;
import io.msgr2.spec.wire.Bytes;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A 64-bit fingerprint of a state's value: equal values (records, vavr collections, bytes,
 * enums, numbers, strings) give equal fingerprints, whatever object identity or collection
 * layout they have; unordered collections (maps, sets) hash their elements commutatively.
 * The explorer keeps fingerprints, not states (hash compaction, as TLC and SPIN do): two
 * different states collide with probability about n²/2⁶⁵ for n states, 3·10⁻⁸ for a million.
 *
 * <p>Successive states share most of their parts (persistent collections, records left as
 * they were), so a fingerprinter remembers the fingerprints of the last parts it saw by
 * identity: a part that is the same object as before costs one lookup. One fingerprinter
 * serves one thread.
 *
 * <p>A messenger's {@link Config} never changes on a path, so it counts by its entity name.
 * A value of a kind it does not know is a programming error (a new kind of state), reported
 * as such rather than hashed by identity, which would split equal states.
 */
public final class Fingerprint {
    private static final ConcurrentHashMap<Class<?>, MethodHandle[]> ACCESSORS = new ConcurrentHashMap<>();
    private static final int CACHE = 1 << 16;

    private final Object[] seen = new Object[CACHE];
    private final long[] prints = new long[CACHE];

    /** The fingerprint of {@code o}, from a fresh fingerprinter. */
    public static long once(Object o) {
        return new Fingerprint().of(o);
    }

    public long of(Object o) {
        if (o instanceof Record || o instanceof io.vavr.collection.Traversable<?>) {
            int slot = System.identityHashCode(o) & (CACHE - 1);
            if (seen[slot] == o) {
                return prints[slot];
            }
            long h = compute(o);
            seen[slot] = o;
            prints[slot] = h;
            return h;
        }
        return compute(o);
    }

    private long compute(Object o) {
        return switch (o) {
            case null -> 0x5bd1e995L;
            case Boolean b -> b ? 0x1234567L : 0x7654321L;
            case Long l -> mix(l ^ 0x4c6f6e67L);
            case Integer i -> mix(i ^ 0x496e74L);
            case Short s -> mix(s ^ 0x53686fL);
            case Byte b -> mix(b ^ 0x427974L);
            case Character c -> mix(c ^ 0x436861L);
            case String s -> mix(s.hashCode() * 0x9E3779B97F4A7C15L + s.length());
            case Enum<?> e -> mix(e.getDeclaringClass().getName().hashCode() * 31L + e.ordinal());
            case Bytes b -> bytes(b);
            case Duration d -> mix(d.getSeconds() * 1_000_000_007L + d.getNano());
            case Config c -> mix(of(c.name()) + 0xC0F16L);
            case Optional<?> opt -> opt.map(v -> mix(of(v) + 1)).orElse(0x0e0e0eL);
            case Record r -> record(r);
            case io.vavr.collection.Map<?, ?> m -> {
                Unordered u = new Unordered(0x4d6170L);
                m.forEach((k, v) -> u.add(mix(of(k) * 31 + of(v))));
                yield u.value();
            }
            case io.vavr.collection.Set<?> set -> {
                Unordered u = new Unordered(0x536574L);
                set.forEach(x -> u.add(of(x)));
                yield u.value();
            }
            case io.vavr.collection.Traversable<?> t -> ordered(t, 0x536571L);
            case java.util.Map<?, ?> m -> {
                Unordered u = new Unordered(0x6a4d6170L);
                m.forEach((k, v) -> u.add(mix(of(k) * 31 + of(v))));
                yield u.value();
            }
            case java.util.Set<?> set -> {
                Unordered u = new Unordered(0x6a536574L);
                set.forEach(x -> u.add(of(x)));
                yield u.value();
            }
            case java.util.List<?> l -> ordered(l, 0x6a4c6973L);
            default -> throw new IllegalStateException("no fingerprint for a " + o.getClass().getName()
                    + ": teach Fingerprint its value");
        };
    }

    private long record(Record r) {
        MethodHandle[] acc = ACCESSORS.computeIfAbsent(r.getClass(), Fingerprint::accessors);
        long h = r.getClass().getName().hashCode();
        for (MethodHandle m : acc) {
            h = mix(h * 0x100000001B3L + of(read(m, r)));
        }
        return h;
    }

    private static Object read(MethodHandle accessor, Record r) {
        try {
            return (Object) accessor.invokeExact((Object) r);
        } catch (Throwable e) { // an accessor of a record only returns its field
            throw new IllegalStateException("cannot read a component of " + r.getClass().getName(), e);
        }
    }

    private static MethodHandle[] accessors(Class<?> c) {
        RecordComponent[] rc = c.getRecordComponents();
        MethodHandle[] out = new MethodHandle[rc.length];
        for (int i = 0; i < rc.length; i++) {
            Method m = rc[i].getAccessor();
            m.setAccessible(true);
            try {
                out[i] = MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + m + " for a fingerprint", e);
            }
        }
        return out;
    }

    private static long bytes(Bytes b) {
        long h = 0xB17E5L + b.length();
        byte[] a = b.unsafeArray();
        int off = b.unsafeOffset();
        for (int i = 0; i < b.length(); i++) {
            h = h * 0x100000001B3L + a[off + i];
        }
        return mix(h);
    }

    private long ordered(Iterable<?> items, long seed) {
        long h = seed;
        for (Object x : items) {
            h = mix(h * 0x9E3779B97F4A7C15L + of(x));
        }
        return h;
    }

    /** A commutative combination: the same for any order of the same elements. */
    private static final class Unordered {
        private long sum;
        private long xor;
        private int n;

        Unordered(long seed) {
            this.sum = seed;
        }

        void add(long x) {
            sum += x;
            xor ^= Long.rotateLeft(x, 17);
            n++;
        }

        long value() {
            return mix(sum * 31 + xor + n);
        }
    }

    /** MurmurHash3's 64-bit finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
