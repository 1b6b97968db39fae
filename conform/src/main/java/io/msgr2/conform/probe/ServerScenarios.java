package io.msgr2.conform.probe;

import io.msgr2.codec.Crc32c;
import io.msgr2.spec.auth.AuthNone;
import io.msgr2.spec.frame.AuthBadMethod;
import io.msgr2.spec.frame.AuthDone;
import io.msgr2.spec.frame.AuthReplyMore;
import io.msgr2.spec.frame.AuthRequest;
import io.msgr2.spec.frame.Hello;
import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.Msgr2Features;
import io.msgr2.spec.wire.SockAddr;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Scenarios for an msgr2 server ({@code ./msgr2 probe server}): a scripted client deviates in
 * one way (its banner, its framing, its auth request) and the server must answer as Ceph's
 * ProtocolV2 does. Each names the rule and where it comes from.
 */
public final class ServerScenarios {
    private ServerScenarios() {}

    static final String PROTOCOL = "src/msg/async/ProtocolV2.cc";
    static final String FRAMES = "src/msg/async/frames_v2.cc";
    static final EntityName ADMIN = new EntityName(EntityType.CLIENT, "admin");

    /** Every server scenario, msgr2.0 and msgr2.1 where the framing matters, as client.admin with auth none. */
    public static List<Scenario> all() {
        return all(Credentials.NONE, 0);
    }

    /**
     * Every server scenario; those that need a session authenticate as {@code who} with a
     * server whose address nonce is {@code nonce} ({@link AfterAuthScenarios#all}).
     */
    public static List<Scenario> all(Credentials who, int nonce) {
        List<Scenario> out = new ArrayList<>();
        out.add(closesWithoutHello("banner.required-unknown",
                "a client whose banner requires a feature the server lacks is refused before HELLO",
                PROTOCOL + " _handle_peer_banner (peer requires features we lack: abort)",
                t -> RawPeer.banner(new Banner(Msgr2Features.PACIFIC_SUPPORTED | 1L << 62, 1L << 62))));
        out.add(closesWithoutHello("banner.garbage", "bytes that are not a msgr2 banner are refused before HELLO",
                PROTOCOL + " _handle_peer_banner (banner prefix mismatch)",
                t -> Bytes.ascii("GET / HTTP/1.1\r\nHost: ceph\r\n\r\n")));
        out.add(closesWithoutHello("banner.frame-first", "a frame before the client's banner is not a banner",
                PROTOCOL + " _handle_peer_banner (banner prefix mismatch)", t -> RawPeer.frame(hello(t), true)));
        out.add(new Check("banner.truncated", "a banner cut short leaves the server waiting for the rest: no HELLO",
                PROTOCOL + " _banner_exchange_handle_peer_banner_payload (reads the whole banner first)",
                t -> RawPeer.banner(Banner.PACIFIC).slice(0, 10), false, true,
                o -> o.banner().isPresent() && o.frames().isEmpty(), "its banner and no HELLO"));
        for (boolean rev1 : List.of(true, false)) {
            String f = rev1 ? ".rev1" : ".rev0";
            // a whole preamble must arrive before it is checked: the second banner and what follows it
            out.add(faultsAfterHello("framing.second-banner" + f, "a second banner where a frame belongs is a "
                    + "malformed frame: the server drops the connection", FRAMES + " preamble CRC check", rev1,
                    t -> Bytes.concat(ours(rev1), RawPeer.frame(hello(t), rev1), RawPeer.banner(banner(rev1)),
                            RawPeer.frame(authNone(), rev1))));
            out.add(faultsAfterHello("framing.preamble-crc" + f, "a frame whose preamble CRC is wrong drops the "
                    + "connection", FRAMES + " FrameAssembler preamble CRC check", rev1,
                    t -> Bytes.concat(ours(rev1), brokenPreambleCrc(RawPeer.frame(hello(t), rev1)))));
            out.add(faultsAfterHello("framing.segment-crc" + f, "a frame whose segment CRC is wrong drops the "
                    + "connection", FRAMES + (rev1 ? " segment crc" : " epilogue crc") + " check", rev1,
                    t -> Bytes.concat(ours(rev1), brokenSegmentCrc(RawPeer.frame(hello(t), rev1), rev1))));
            out.add(faultsAfterHello("framing.unknown-tag" + f, "a frame with an unknown tag drops the connection",
                    PROTOCOL + " handle_read_frame_dispatch (unknown tag: fault)", rev1,
                    t -> Bytes.concat(ours(rev1), withTag(RawPeer.frame(hello(t), rev1), 99))));
            out.add(new Check("framing.one-byte-writes" + f, "the server reassembles frames that arrive a byte at a "
                    + "time: banner, HELLO and AUTH_REQUEST one byte per write get an auth answer",
                    PROTOCOL + " read_until (reads are assembled into frames)",
                    t -> Bytes.concat(ours(rev1), RawPeer.frame(hello(t), rev1), RawPeer.frame(authNone(), rev1)),
                    true, rev1, ServerScenarios::authAnswered, "HELLO, then AUTH_DONE, AUTH_REPLY_MORE or "
                    + "AUTH_BAD_METHOD"));
        }
        out.add(new Check("auth.unknown-method", "an AUTH_REQUEST with a method the server does not know gets "
                + "AUTH_BAD_METHOD listing the methods and modes it allows",
                PROTOCOL + " handle_auth_request (auth_bad_method)",
                t -> Bytes.concat(ours(true), RawPeer.frame(hello(t), true), RawPeer.frame(new AuthRequest(
                        new AuthMethod(42), List.of(ConnectionMode.CRC), Bytes.EMPTY), true)), false, true,
                o -> o.frames().stream().anyMatch(x -> x instanceof AuthBadMethod b && b.method().value() == 42
                        && !b.allowedMethods().isEmpty()), "AUTH_BAD_METHOD(42) with the allowed methods"));
        out.add(new NoCommonMode());
        out.add(new Check("banner.msgr2.0", "a client whose banner lacks REVISION_1 is answered in msgr2.0 framing "
                + "(no per-segment CRCs, the epilogue carries them)",
                PROTOCOL + " _handle_peer_banner_payload (pre-rev1 framing unless both sides have REVISION_1)",
                t -> Bytes.concat(ours(false), RawPeer.frame(hello(t), false)), false, false,
                o -> !o.malformed() && o.frames().stream().anyMatch(f -> f.tag() == Tag.HELLO),
                "a HELLO that decodes as msgr2.0"));
        out.add(new LargeSegment());
        out.add(new IdleClosed("timeouts.idle-before-banner", "informational: whether a connection that never "
                + "sends its banner is closed within ms_connection_ready_timeout (10 s) plus 2 s", t -> Bytes.EMPTY));
        out.add(new IdleClosed("timeouts.idle-in-auth", "informational: whether a connection that stops after "
                + "HELLO, before any AUTH_REQUEST, is closed within ms_connection_ready_timeout (10 s) plus 2 s",
                t -> Bytes.concat(ours(true), RawPeer.frame(hello(t), true))));
        out.addAll(AfterAuthScenarios.all(who, nonce));
        return out;
    }

    /** Our banner: Pacific's features, without REVISION_1 for msgr2.0. */
    static Banner banner(boolean rev1) {
        return rev1 ? Banner.PACIFIC : new Banner(Banner.PACIFIC.supported() & ~Msgr2Features.REVISION_1, 0);
    }

    static Bytes ours(boolean rev1) {
        return RawPeer.banner(banner(rev1));
    }

    /** Our HELLO: a client that dialled the target's address (IPv4; loopback otherwise). */
    static Hello hello(InetSocketAddress t) {
        byte[] ip = t.getAddress().getAddress();
        SockAddr.Inet4 addr = ip.length == 4 ? SockAddr.Inet4.of(ip[0] & 0xff, ip[1] & 0xff, ip[2] & 0xff,
                ip[3] & 0xff, t.getPort()) : SockAddr.Inet4.loopback(t.getPort());
        return new Hello(EntityType.CLIENT, EntityAddr.v2(addr, 0));
    }

    static AuthRequest authNone() {
        return new AuthRequest(AuthMethod.NONE, List.of(ConnectionMode.CRC), AuthNone.payload(true, ADMIN, 0));
    }

    static boolean authAnswered(Observed o) {
        return o.frames().stream().anyMatch(f -> f instanceof AuthDone || f instanceof AuthReplyMore
                || f instanceof AuthBadMethod);
    }

    /** The frame with its preamble CRC (bytes 28-31) flipped. */
    static Bytes brokenPreambleCrc(Bytes frame) {
        byte[] b = frame.toByteArray();
        b[28] ^= 0x5a;
        return Bytes.wrap(b);
    }

    /**
     * A one-segment frame with its segment's CRC flipped: msgr2.1 carries it right after the
     * segment (the frame's last 4 bytes); msgr2.0 in the epilogue after its flags byte (the
     * epilogue is the last 17 bytes: flags, then four CRCs, the first one segment 0's).
     */
    static Bytes brokenSegmentCrc(Bytes frame, boolean rev1) {
        byte[] b = frame.toByteArray();
        b[rev1 ? b.length - 1 : b.length - 16] ^= 0x5a;
        return Bytes.wrap(b);
    }

    /** The frame with another tag byte, its preamble CRC made right again. */
    static Bytes withTag(Bytes frame, int tag) {
        byte[] b = frame.toByteArray();
        b[0] = (byte) tag;
        int crc = Crc32c.preamble(b, 0);
        for (int i = 0; i < 4; i++) {
            b[28 + i] = (byte) (crc >>> 8 * i);
        }
        return Bytes.wrap(b);
    }

    static Scenario closesWithoutHello(String name, String rule, String source,
                                       java.util.function.Function<InetSocketAddress, Bytes> bytes) {
        return new Check(name, rule, source, bytes, false, true,
                o -> o.frames().stream().noneMatch(f -> f.tag() == Tag.HELLO) && o.closed(),
                "no HELLO, the connection closed");
    }

    static Scenario faultsAfterHello(String name, String rule, String source, boolean rev1,
                                     java.util.function.Function<InetSocketAddress, Bytes> bytes) {
        return new Check(name, rule, source, bytes, false, rev1,
                o -> o.closed() && o.frames().stream().allMatch(f -> f.tag() == Tag.HELLO),
                "its HELLO at most, then the connection closed");
    }

    /**
     * Auth none with only a mode nobody has: a server that allows auth none must refuse the
     * mode (AUTH_BAD_METHOD, -EOPNOTSUPP, its modes listed); one that does not allow auth none
     * refuses the method first, so there the scenario is skipped, saying why.
     */
    static final class NoCommonMode implements Scenario {
        @Override
        public String name() {
            return "auth.no-common-mode";
        }

        @Override
        public String rule() {
            return "an AUTH_REQUEST whose modes the server allows none of gets AUTH_BAD_METHOD (-EOPNOTSUPP) with the "
                    + "modes it allows";
        }

        @Override
        public String source() {
            return "src/mon/MonClient.cc and src/mon/AuthMonitor.cc handle_auth_request (pick_mode finds none: "
                    + "-EOPNOTSUPP), " + PROTOCOL + " _auth_bad_method";
        }

        @Override
        public Outcome run(InetSocketAddress t, Duration timeout) {
            String expected = "AUTH_BAD_METHOD(none, -95) with the allowed modes";
            try {
                Observed o = RawPeer.exchange(t, timeout, Bytes.concat(ours(true), RawPeer.frame(hello(t), true),
                        RawPeer.frame(new AuthRequest(AuthMethod.NONE, List.of(new ConnectionMode(77)),
                                AuthNone.payload(true, ADMIN, 0)), true)), false, true);
                var bad = o.frames().stream().filter(AuthBadMethod.class::isInstance).map(AuthBadMethod.class::cast)
                        .findFirst();
                if (bad.isPresent() && !bad.get().allowedMethods().contains(AuthMethod.NONE)) {
                    return Outcome.skip("the server does not allow auth none, so it refuses the method first");
                }
                return bad.isPresent() && bad.get().result() == -95 && !bad.get().allowedModes().isEmpty()
                        ? Outcome.pass(o.describe()) : Outcome.fail(expected, o.describe()
                        + bad.map(b -> " (result " + b.result() + ", modes " + b.allowedModes() + ")").orElse(""));
            } catch (IOException e) {
                return Outcome.fail(expected, "the connection failed: " + e.getMessage());
            }
        }
    }

    /**
     * A connection left idle before READY (before its banner, or in auth). The rule first
     * written (closed within {@code ms_connection_ready_timeout}, 10 s, plus 2 s) is not what
     * Ceph does: a Pacific 16.2.15 mon and OSD keep such a connection open past 12 s, since
     * Ceph arms that timeout only on the connecting side (its tick is scheduled from
     * {@code STATE_CONNECTING}); an accepted connection is bounded only by the idle timeout
     * ({@code ms_connection_idle_timeout}, 900 s). Our server closes it at 10 s (a bound on
     * half-open connections, docs/limits.md). So the scenario reports what the server does
     * (closed after how long, or still open) and fails only if the server answers with bytes
     * that are not msgr2. Waits 12 s whatever the probe's timeout.
     */
    record IdleClosed(String name, String rule, java.util.function.Function<InetSocketAddress, Bytes> bytes)
            implements Scenario {
        static final Duration READY_TIMEOUT = Duration.ofSeconds(12);

        @Override
        public String source() {
            return "src/msg/async/AsyncConnection.cc tick (connect_timeout_us armed from STATE_CONNECTING only); "
                    + "finding: Pacific keeps an idle accepted connection open past 12 s";
        }

        @Override
        public Outcome run(InetSocketAddress t, Duration timeout) {
            String expected = "msgr2 bytes (a banner, at most a HELLO), then a close or silence";
            try {
                long t0 = System.nanoTime();
                Observed o = RawPeer.exchange(t, READY_TIMEOUT, bytes.apply(t), false, true);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                String what = o.describe() + (o.closed() ? " after " + ms + " ms" : " (" + ms + " ms)");
                return o.banner().isPresent() && !o.malformed() ? Outcome.pass(what) : Outcome.fail(expected, what);
            } catch (IOException e) {
                return Outcome.fail(expected, "the connection failed: " + e.getMessage());
            }
        }
    }

    /**
     * Informational (Pacific has no segment cap): a 16 MiB AUTH_REQUEST. The server may read
     * it or drop the connection; either way it must go on serving, so a new connection still
     * gets its banner. The line says what it did.
     */
    static final class LargeSegment implements Scenario {
        @Override
        public String name() {
            return "framing.large-segment";
        }

        @Override
        public String rule() {
            return "informational: a 16 MiB segment is read or refused, and the server still serves new connections";
        }

        @Override
        public String source() {
            return FRAMES + " FrameAssembler (segment lengths are not capped by Pacific)";
        }

        @Override
        public Outcome run(InetSocketAddress t, Duration timeout) {
            String expected = "a banner on a new connection afterwards";
            try {
                Observed big = RawPeer.exchange(t, timeout, Bytes.concat(ours(true), RawPeer.frame(hello(t), true),
                        RawPeer.frame(new AuthRequest(AuthMethod.NONE, List.of(ConnectionMode.CRC),
                                Bytes.zeros(16 << 20)), true)), false, true);
                Observed after = RawPeer.exchange(t, timeout, ours(true), false, true, f -> true);
                return after.banner().isPresent() ? Outcome.pass("the 16 MiB frame: " + big.describe()
                        + "; a new connection got its banner") : Outcome.fail(expected, after.describe());
            } catch (IOException e) {
                return Outcome.fail(expected, "the connection failed: " + e.getMessage());
            }
        }
    }

    /** A scenario that sends bytes and judges what came back. */
    record Check(String name, String rule, String source,
                 java.util.function.Function<InetSocketAddress, Bytes> bytes, boolean byteByByte, boolean rev1,
                 Predicate<Observed> expected, String expectation) implements Scenario {
        @Override
        public Outcome run(InetSocketAddress target, Duration timeout) {
            try {
                Observed o = RawPeer.exchange(target, timeout, bytes.apply(target), byteByByte, rev1);
                return expected.test(o) ? Outcome.pass(o.describe()) : Outcome.fail(expectation, o.describe());
            } catch (IOException e) {
                return Outcome.fail(expectation, "the connection failed: " + e.getMessage());
            }
        }
    }
}
