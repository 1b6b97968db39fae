package io.msgr2.conform;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.Limits;
import io.msgr2.codec.compress.OnWireCompressor;
import io.msgr2.codec.endpoint.Endpoint;
import io.msgr2.codec.endpoint.Hooks;
import io.msgr2.codec.endpoint.Outgoing;
import io.msgr2.codec.endpoint.Received;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Conn;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.conn.Input;
import io.msgr2.spec.conn.Messenger;
import io.msgr2.spec.conn.Step;
import io.msgr2.spec.conn.Transition;
import io.msgr2.spec.frame.Ack;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.FrameText;
import io.msgr2.spec.frame.Keepalive2;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.CompressionMethod;
import io.vavr.control.Either;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine of {@code msgr2 conform}: drives our side (the pure spec and the codec, no
 * sockets) through a captured conversation and compares every byte it sends with the bytes
 * the real Ceph side sent.
 *
 * <p>The peer's captured bytes are fed to our decoder and each decoded frame to our side,
 * one at a time and only when needed: the next frame the capture shows our side sending is
 * either an application action (a MESSAGE or KEEPALIVE2 after the handshake, handed to our
 * side as the application's request once it has received exactly the messages the captured
 * header acknowledges), or a response, which needs the next peer frame. An ACK in the
 * capture tells where Ceph's writer ran: peer messages before it arrive with "more input
 * follows", so our side defers its acknowledgement to the same point. Compressed segments
 * come from the capture (any compressor may encode the same data its own way) once they are
 * shown to decompress to exactly the segment our side built; they are counted as taken
 * ({@link TakenReason#COMPRESSION}), not compared, as are Ceph's key-dependent bytes a
 * {@link Side} puts in ({@link TakenReason#MISSING_KEY}); the application payloads handed
 * to our side are counted as fed ({@link Counts}).
 */
final class Replay {
    /** How our side is run: a dialled connection (client) or an accepted one in a messenger (server). */
    interface Side {
        List<Effect> start();

        List<Effect> transport(Input in);

        List<Effect> app(Input in);

        long inSeq();

        /**
         * What the replay puts on the wire instead of {@code f}: Ceph's sealed bytes where no key
         * makes ours, and how many they are.
         */
        default Substituted substitute(Frame f) {
            return Substituted.none(f);
        }

        /** Why {@link #substitute} changed a frame of ours. */
        default String substituteNote() {
            return "was substituted";
        }
    }

    /** A frame of ours as the replay puts it on the wire, and the pieces of Ceph's bytes in it (missing keys), in order. */
    record Substituted(Frame frame, List<Bytes> taken) {
        static Substituted none(Frame f) {
            return new Substituted(f, List.of());
        }
    }

    /** Bytes of Ceph's our side puts on the wire in the frame being encoded, and why. */
    private record Piece(TakenReason why, Bytes bytes) {}

    /** Where in our stream bytes were taken from the capture, and why. */
    private record Range(long from, long to, TakenReason why) {}

    /** What the replay found. */
    record Result(boolean identical, Counts counts, List<String> lines) {}

    /** An application action of the captured side, and the frame it produced. */
    record Action(int frameIndex, Input input, long ackSeq) {}

    private final Side side;
    private final Role role;
    private final Bytes ref;
    private final Dissector.Direction own;
    private final Bytes peerBytes;
    private final List<Action> actions;
    private final Deque<Bytes> compressedSegments;
    private final int compressMinSize;

    private final Endpoint endpoint;
    private final ByteArrayOutputStream ours = new ByteArrayOutputStream();
    private final List<String> lines = new ArrayList<>();
    private final List<long[]> ourSpans = new ArrayList<>();
    private final List<Frame> ourFrames = new ArrayList<>();
    /** The bytes taken from the capture in the frame being encoded; where those of our writes lie. */
    private final List<Piece> taking = new ArrayList<>();
    private final List<Range> taken = new ArrayList<>();
    private long fed;
    private String failure;
    private int peerFrames;
    private boolean peerTruncated;
    private boolean cut;
    private boolean peerEnded;

    /** The peer's capture was cut short on purpose: compare what its bytes drive our side to send. */
    Replay peerTruncated(boolean on) {
        this.peerTruncated = on;
        return this;
    }

    /**
     * The TCP connection was cut (the capture shows it end): when the peer's bytes run out the
     * connection is over, and our bytes beyond the captured ones are what the cut lost.
     */
    Replay cut(boolean on) {
        this.cut = on;
        return this;
    }

    Replay(Side side, Role role, Bytes ref, Dissector.Direction own, Bytes peerBytes, List<Action> actions,
           List<Bytes> compressedSegments, int compressMinSize) {
        this.side = side;
        this.role = role;
        this.ref = ref;
        this.own = own;
        this.peerBytes = peerBytes;
        this.actions = actions;
        this.compressedSegments = new ArrayDeque<>(compressedSegments);
        this.compressMinSize = compressMinSize;
        this.endpoint = new Endpoint(role, Limits.DEFAULT, Allocator.HEAP, new Hooks() {
            @Override
            public Frame frame(Frame f) {
                Substituted ours = side.substitute(f);
                ours.taken().forEach(b -> taking.add(new Piece(TakenReason.MISSING_KEY, b)));
                if (ours.frame() != f) {
                    lines.add("our " + ours.frame().tag() + " " + side.substituteNote());
                }
                return ours.frame();
            }

            @Override
            public OnWireCompressor compressor(CompressionMethod method) {
                return new FromCapture(method);
            }
        });
        endpoint.receiver().feed(peerBytes);
    }

    Result run() {
        try {
            apply(side.start());
            int a = 0;
            int k = 0;
            while (failure == null && !peerEnded && k < own.frames().size()) {
                Dissector.Span target = own.spans().get(k);
                if (ours.size() >= target.offset() + target.size()) {
                    k++;
                    continue;
                }
                if (a < actions.size() && actions.get(a).frameIndex() <= k) {
                    Action act = actions.get(a);
                    while (failure == null && side.inSeq() < act.ackSeq()) {
                        if (!feedPeer(-1)) {
                            break;
                        }
                    }
                    if (failure == null && !peerEnded) {
                        if (act.input() instanceof Input.SendRequested s) {
                            fed += Counts.payload(s.message());
                        }
                        apply(side.app(act.input()));
                    }
                    a++;
                    continue;
                }
                Frame want = own.frames().get(k);
                if (!feedPeer(want instanceof Ack ack ? ack.seq() : -1)) {
                    break;
                }
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            failure = "the replay stopped: " + e.getMessage();
        }
        return finish();
    }

    /** Decodes and feeds the next peer banner or frame; {@code ackAt}: the seq our next ACK acknowledges. */
    private boolean feedPeer(long ackAt) {
        long before = peerBytes.length() - endpoint.receiver().buffered();
        switch (endpoint.receiver().next()) {
            case Received.Banner b -> apply(side.transport(b.received()));
            case Received.Frame f -> {
                peerFrames++;
                Frame frame = f.received().frame();
                boolean more = frame instanceof Message m && m.header().seq() != ackAt;
                apply(side.transport(new Input.FrameReceived(frame, f.received().wire(), more)));
            }
            case Received.Aborted x -> {
                return true;
            }
            case Received.Malformed e -> {
                failure = String.format("the peer's bytes do not decode at 0x%x: %s %s", before, e.error().kind(),
                        e.error().detail());
                return false;
            }
            case Received.NeedMore n when peerTruncated || cut -> {
                peerEnded = true;
                return false;
            }
            case Received.NeedMore n -> {
                failure = "the capture shows our side sending more, but the peer's bytes are used up and our side "
                        + "waits for more";
                return false;
            }
            case Received.AwaitingFraming w -> {
                failure = "our side chose no framing after the peer's banner";
                return false;
            }
            case Received.Over o -> {
                return false;
            }
        }
        return true;
    }

    private void apply(List<Effect> effects) {
        for (Effect e : effects) {
            if (e instanceof Effect.CloseTransport c && failure == null && ours.size() < ref.length()) {
                failure = "our side closed the connection: " + c.reason();
            }
            if (e instanceof Effect.InstallCompression c) {
                e = new Effect.InstallCompression(c.method(), compressMinSize); // the captured sender's threshold
            }
            if (!endpoint.submit(e)) {
                continue; // timers, deliveries, notifications, connects: nothing on the wire
            }
            for (Outgoing o; !((o = endpoint.sender().next()) instanceof Outgoing.Idle); ) {
                switch (o) {
                    case Outgoing.Write w -> write(w.wire().toBytes(), w.frame().orElse(null));
                    case Outgoing.Refused r -> failure = "our encoder refused " + r.frame().tag() + ": "
                            + r.input().detail();
                    case Outgoing.Idle i -> throw new AssertionError();
                }
            }
        }
    }

    private void write(Bytes b, Frame frame) {
        ourSpans.add(new long[] {ours.size(), b.length()});
        ourFrames.add(frame);
        locateTaken(b);
        ours.write(b.unsafeArray(), b.unsafeOffset(), b.length());
        if (failure == null) {
            int at = firstDifference();
            if (at >= 0) {
                failure = describe(at);
            }
        }
    }

    /**
     * Where the bytes taken from the capture lie in the write {@code b} about to be appended: each
     * piece stands verbatim in it (crc framing), in order; one that does not is counted where the
     * search stands.
     */
    private void locateTaken(Bytes b) {
        long at = ours.size();
        int from = 0;
        for (Piece p : taking) {
            int i = indexOf(b, p.bytes(), from);
            int start = i < 0 ? from : i;
            taken.add(new Range(at + start, at + start + p.bytes().length(), p.why()));
            from = Math.min(b.length(), start + p.bytes().length());
        }
        taking.clear();
    }

    private static int indexOf(Bytes hay, Bytes needle, int from) {
        outer:
        for (int i = from; i + needle.length() <= hay.length(); i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (hay.u8(i + j) != needle.u8(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The first offset where our bytes and the captured ones differ (or where ours run past them), else -1. */
    private int firstDifference() {
        byte[] o = ours.toByteArray();
        int n = Math.min(o.length, ref.length());
        for (int i = 0; i < n; i++) {
            if (o[i] != (byte) ref.u8(i)) {
                return i;
            }
        }
        return o.length > ref.length() && !cut ? ref.length() : -1;
    }

    private String describe(int at) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("first difference at byte 0x%x of the %s's stream", at,
                role == Role.CLIENT ? "client" : "server"));
        Optional<Integer> capturedFrame = frameAt(at);
        int ourIndex = -1;
        for (int i = 0; i < ourSpans.size(); i++) {
            if (at >= ourSpans.get(i)[0] && at < ourSpans.get(i)[0] + ourSpans.get(i)[1]) {
                ourIndex = i;
            }
        }
        if (at >= ref.length()) {
            Frame f = ourIndex >= 0 ? ourFrames.get(ourIndex) : null;
            sb.append(": the capture ends there, our side sent more: ")
                    .append(f == null ? "its banner" : f.tag() + " " + FrameText.fields(f));
            return sb.toString();
        }
        if (capturedFrame.isEmpty()) {
            sb.append(String.format(" (the banner: ours %02x, Ceph's %02x)", ours.toByteArray()[at], ref.u8(at)));
            return sb.toString();
        }
        int ci = capturedFrame.get();
        Dissector.Span span = own.spans().get(ci);
        Frame theirs = own.frames().get(ci);
        sb.append(String.format(", in Ceph's frame %d %s (@0x%x, %d bytes), %s", ci + 1, theirs.tag(), span.offset(),
                span.size(), part(at - span.offset(), span)));
        if (ourIndex >= 0 && ourFrames.get(ourIndex) != null) {
            Frame mine = ourFrames.get(ourIndex);
            sb.append(String.format("%n  ours:  %s %s%n  Ceph's: %s %s", mine.tag(), FrameText.fields(mine),
                    theirs.tag(), FrameText.fields(theirs)));
            sb.append(fieldDifference(mine, theirs).map(s -> "\n  field: " + s).orElse(""));
        }
        return sb.toString();
    }

    /** Which part of a frame byte {@code rel} is in: preamble, a segment, a CRC, the epilogue (crc mode). */
    private static String part(int rel, Dissector.Span span) {
        if (!span.info().format().rev1() || span.info().format().secure()) {
            return rel < 32 ? "preamble (encrypted or rev0)" : "byte " + rel + " of the frame (secure or msgr2.0)";
        }
        if (rel < 28) {
            return "preamble byte " + rel + (rel == 0 ? " (tag)" : rel == 1 ? " (segment count)" : rel < 26
                    ? " (segment lengths/alignments)" : " (flags/reserved)");
        }
        if (rel < 32) {
            return "preamble CRC";
        }
        List<Integer> l = span.info().wireLengths();
        int at = 32;
        for (int s = 0; s < l.size(); s++) {
            if (rel < at + l.get(s)) {
                return "segment " + s + " byte " + (rel - at);
            }
            at += l.get(s);
            if (s == 0 && l.get(0) > 0) {
                if (rel < at + 4) {
                    return "segment 0 CRC";
                }
                at += 4;
            }
        }
        return "epilogue byte " + (rel - at);
    }

    private Optional<Integer> frameAt(int at) {
        for (int i = 0; i < own.spans().size(); i++) {
            Dissector.Span s = own.spans().get(i);
            if (at >= s.offset() && at < s.offset() + s.size()) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The first record component that differs between our frame and Ceph's, when they have the same type. */
    static Optional<String> fieldDifference(Frame mine, Frame theirs) {
        if (!mine.getClass().equals(theirs.getClass()) || !mine.getClass().isRecord()) {
            return Optional.of("frame type: ours " + mine.tag() + ", Ceph's " + theirs.tag());
        }
        for (var c : mine.getClass().getRecordComponents()) {
            try {
                Object a = c.getAccessor().invoke(mine);
                Object b = c.getAccessor().invoke(theirs);
                if (!java.util.Objects.equals(a, b)) {
                    if (a != null && b != null && a.getClass().isRecord() && a.getClass().equals(b.getClass())) {
                        for (var cc : a.getClass().getRecordComponents()) {
                            Object x = cc.getAccessor().invoke(a);
                            Object y = cc.getAccessor().invoke(b);
                            if (!java.util.Objects.equals(x, y)) {
                                return Optional.of(c.getName() + "." + cc.getName() + ": ours " + x + ", Ceph's " + y);
                            }
                        }
                    }
                    return Optional.of(c.getName() + ": ours " + a + ", Ceph's " + b);
                }
            } catch (ReflectiveOperationException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private Result finish() {
        byte[] o = ours.toByteArray();
        int n = Math.min(o.length, ref.length());
        long same = 0;
        for (int i = 0; i < n; i++) {
            if (o[i] == (byte) ref.u8(i)) {
                same++;
            }
        }
        if (failure == null && peerEnded && peerTruncated && o.length < ref.length()) {
            boolean prefixSame = firstDifference() < 0;
            lines.add(String.format("the peer's capture ends: compared the first %d of Ceph's %d bytes, as far as the "
                    + "peer's bytes drive our side", o.length, ref.length()));
            lines.add(String.format("our %s sent %d frames, %d bytes; %d peer frames fed",
                    role == Role.CLIENT ? "client" : "server",
                    ourFrames.stream().filter(java.util.Objects::nonNull).count(), o.length, peerFrames));
            return new Result(prefixSame, counts(o.length, firstDiffOrLength(o)), lines);
        }
        if (failure == null && o.length < ref.length()) {
            Optional<Integer> f = frameAt(o.length);
            failure = String.format("our side stopped after 0x%x of 0x%x bytes%s", o.length, ref.length(),
                    f.map(i -> ", before Ceph's frame " + (i + 1) + " " + own.frames().get(i).tag()).orElse(""));
        }
        boolean identical = failure == null && (o.length == ref.length() || cut && o.length > ref.length())
                && same == ref.length();
        if (identical && o.length > ref.length()) {
            lines.add(String.format("the TCP connection was cut: our side's last %d bytes (%s) never reached the "
                    + "wire in the capture either", o.length - ref.length(), framesFrom(ref.length())));
        }
        lines.add(String.format("our %s sent %d frames, %d bytes; Ceph's sent %d frames, %d bytes; %d peer frames fed",
                role == Role.CLIENT ? "client" : "server", ourFrames.stream().filter(java.util.Objects::nonNull).count(),
                o.length, own.frames().size(), ref.length(), peerFrames));
        if (failure != null) {
            lines.add(failure);
        }
        return new Result(identical, counts(ref.length(), identical ? ref.length() : firstDiffOrLength(o)), lines);
    }

    /**
     * The counts of Ceph's first {@code covered} bytes, our side's identical up to {@code sameUpTo}:
     * the bytes taken from the capture are neither compared nor the same.
     */
    private Counts counts(long covered, long sameUpTo) {
        Map<TakenReason, Long> t = takenBefore(covered);
        long takenSame = takenBefore(sameUpTo).values().stream().mapToLong(Long::longValue).sum();
        return new Counts(covered - t.values().stream().mapToLong(Long::longValue).sum(), sameUpTo - takenSame, t,
                fed);
    }

    /** The bytes taken from the capture among our first {@code end}, by reason. */
    private Map<TakenReason, Long> takenBefore(long end) {
        Map<TakenReason, Long> t = new EnumMap<>(TakenReason.class);
        for (Range r : taken) {
            long n = Math.min(r.to(), end) - r.from();
            if (n > 0) {
                t.merge(r.why(), n, Long::sum);
            }
        }
        return t;
    }

    /** The tags of what our side sent from byte {@code at} on. */
    private String framesFrom(int at) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < ourSpans.size(); i++) {
            if (ourSpans.get(i)[0] + ourSpans.get(i)[1] > at) {
                Frame f = ourFrames.get(i);
                tags.add(f == null ? "BANNER" : f.tag().name());
            }
        }
        return String.join(" ", tags);
    }

    private long firstDiffOrLength(byte[] o) {
        int at = firstDifference();
        return at < 0 ? Math.min(o.length, ref.length()) : at;
    }

    /**
     * The compressor of a replay: each segment our side compresses is answered with the next
     * compressed segment of the capture, provided that one decompresses to exactly our
     * segment; otherwise with our own compressor's output (and the comparison will say where).
     */
    private final class FromCapture implements OnWireCompressor {
        private final OnWireCompressor real;

        FromCapture(CompressionMethod method) {
            this.real = OnWireCompressor.of(method).orElseThrow();
        }

        @Override
        public CompressionMethod method() {
            return real.method();
        }

        @Override
        public Bytes compress(Bytes segment) {
            Bytes next = compressedSegments.peekFirst();
            if (next != null) {
                Either<String, Bytes> plain = real.decompress(next, Limits.DEFAULT.data(), Allocator.HEAP);
                if (plain.isRight() && plain.get().equals(segment)) {
                    compressedSegments.removeFirst();
                    taking.add(new Piece(TakenReason.COMPRESSION, next));
                    return next;
                }
            }
            return real.compress(segment);
        }

        @Override
        public Either<String, Bytes> decompress(Bytes segment, int maxOut, Allocator alloc) {
            return real.decompress(segment, maxOut, alloc);
        }
    }

    /** Our client: one dialled connection, stepped directly; with stand-ins for what missing keys sealed, if any. */
    static Side client(Transition dial, Optional<SealedFromCapture> sealed) {
        return new Side() {
            private Conn conn = dial.conn();

            @Override
            public Substituted substitute(Frame f) {
                if (sealed.isEmpty()) {
                    return Substituted.none(f);
                }
                int before = sealed.get().taken().size();
                Frame ours = sealed.get().ours(f);
                List<Bytes> all = sealed.get().taken();
                return new Substituted(ours, all.subList(before, all.size()));
            }

            @Override
            public String substituteNote() {
                return "carries Ceph's key-dependent bytes in place of ours";
            }

            @Override
            public List<Effect> start() {
                List<Effect> out = new ArrayList<>(dial.effects());
                out.addAll(transport(new Input.TransportConnected()));
                return out;
            }

            @Override
            public List<Effect> transport(Input in) {
                if (sealed.isPresent() && in instanceof Input.FrameReceived r) {
                    in = new Input.FrameReceived(sealed.get().peer(r.frame(), conn), r.wire(), r.more());
                }
                Transition t = Step.step(conn, in);
                conn = t.conn();
                return t.effects();
            }

            @Override
            public List<Effect> app(Input in) {
                return transport(in);
            }

            @Override
            public long inSeq() {
                return conn.session().inSeq();
            }
        };
    }

    /** Our server: a messenger that accepted one TCP connection. */
    static Side server(Messenger m, io.msgr2.spec.wire.EntityAddr peerSocketAddr,
                       Optional<java.util.function.Function<Frame, Substituted>> substitute) {
        return new Side() {
            @Override
            public Substituted substitute(Frame f) {
                return substitute.map(s -> s.apply(f)).orElse(Substituted.none(f));
            }

            @Override
            public String substituteNote() {
                return "carries the captured sealed ticket blobs (the mon's rotating secrets never cross the wire)";
            }

            private Messenger messenger = m;
            private long conn;
            private long transport;

            @Override
            public List<Effect> start() {
                Messenger.Result r = messenger.accept(peerSocketAddr);
                conn = r.conn();
                transport = r.transport();
                return take(r);
            }

            private List<Effect> take(Messenger.Result r) {
                messenger = r.messenger();
                List<Effect> out = new ArrayList<>();
                for (Messenger.Out o : r.effects()) {
                    if (o.transport() == transport || o.transport() == Messenger.NONE) {
                        out.add(o.effect());
                    }
                }
                return out;
            }

            @Override
            public List<Effect> transport(Input in) {
                return take(messenger.onTransport(transport, in));
            }

            @Override
            public List<Effect> app(Input in) {
                long c = messenger.connOf().get(transport).getOrElse(conn);
                return take(messenger.onConnection(c, in));
            }

            @Override
            public long inSeq() {
                long c = messenger.connOf().get(transport).getOrElse(conn);
                return messenger.conn(c).map(x -> x.session().inSeq()).orElse(0L);
            }
        };
    }

    /** The application actions of a captured side: its MESSAGEs and KEEPALIVE2s once the handshake is over. */
    static List<Action> actions(Dissector.Direction own) {
        List<Action> out = new ArrayList<>();
        boolean identSent = false;
        for (int i = 0; i < own.frames().size(); i++) {
            Frame f = own.frames().get(i);
            if (f instanceof io.msgr2.spec.frame.ClientIdent || f instanceof io.msgr2.spec.frame.ServerIdent
                    || f instanceof io.msgr2.spec.frame.SessionReconnect) {
                identSent = true;
            } else if (identSent && f instanceof Message m) {
                out.add(new Action(i, new Input.SendRequested(m), m.header().ackSeq()));
            } else if (identSent && f instanceof Keepalive2 k) {
                out.add(new Action(i, new Input.KeepaliveRequested(k.timestamp()), 0));
            }
        }
        return out;
    }
}
