package io.msgr2.interop;

import io.msgr2.codec.Allocator;
import io.msgr2.codec.Limits;
import io.msgr2.codec.endpoint.Received;
import io.msgr2.codec.endpoint.Receiver;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.spec.Role;
import io.msgr2.spec.conn.Effect;
import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.wire.AddrType;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.SockAddr;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * One direction of a msgr2.1 crc stream through a test proxy. Both ends check that the
 * address dialled is the server's (CLIENT_IDENT's target_addr, SERVER_IDENT's addrs), so those
 * two frames are rewritten to the address each side knows; every other byte passes unchanged
 * (AUTH_SIGNATURE signs only the bytes before them).
 */
final class IdentRewriter {
    /** A banner ({@code frame} null) or a frame, and the bytes to forward for it. */
    record Piece(Frame frame, Bytes wire) {}

    private final Receiver decoder = Receiver.of(Role.SERVER, Limits.DEFAULT, Allocator.HEAP);
    private final FrameEncoder encoder = new FrameEncoder(true);
    private final InetSocketAddress upstream;
    private final InetSocketAddress proxy;
    private final IntUnaryOperator upstreamNonce;
    private final IntUnaryOperator proxyNonce;

    /**
     * @param upstreamNonce the nonce CLIENT_IDENT's target gets, from the one the client wrote
     * @param proxyNonce the nonce SERVER_IDENT's rewritten address gets, from the daemon's
     */
    IdentRewriter(InetSocketAddress upstream, InetSocketAddress proxy, IntUnaryOperator upstreamNonce,
                  IntUnaryOperator proxyNonce) {
        this.upstream = upstream;
        this.proxy = proxy;
        this.upstreamNonce = upstreamNonce;
        this.proxyNonce = proxyNonce;
    }

    /** What to forward for {@code chunk}: one piece per banner or frame it completes. */
    List<Piece> feed(Bytes chunk) throws IOException {
        decoder.feed(chunk);
        List<Piece> out = new ArrayList<>();
        for (Received r = decoder.next(); !(r instanceof Received.NeedMore); r = decoder.next()) {
            switch (r) {
                case Received.Banner b -> {
                    decoder.control(new Effect.StartFraming(true));
                    out.add(new Piece(null, b.received().wire()));
                }
                case Received.Frame f -> {
                    Frame w = rewrite(f.received().frame());
                    out.add(new Piece(f.received().frame(), w == f.received().frame() ? f.received().wire()
                            : ((EncodeResult.Encoded) encoder.encode(w)).wire().toBytes()));
                }
                default -> throw new IOException("not a msgr2.1 crc stream: " + r);
            }
        }
        return out;
    }

    private Frame rewrite(Frame f) {
        return switch (f) {
            case ClientIdent ci -> new ClientIdent(ci.addrs(),
                    v2(upstream, upstreamNonce.applyAsInt(ci.targetAddr().nonce())), ci.gid(), ci.globalSeq(),
                    ci.supportedFeatures(), ci.requiredFeatures(), ci.flags(), ci.clientCookie());
            case ServerIdent si -> {
                List<EntityAddr> out = new ArrayList<>();
                for (EntityAddr a : si.addrs().addrs()) {
                    out.add(a.addr().equals(v2(upstream, 0).addr()) ? v2(proxy, proxyNonce.applyAsInt(a.nonce())) : a);
                }
                yield new ServerIdent(new EntityAddrVec(out), si.gid(), si.globalSeq(), si.supportedFeatures(),
                        si.requiredFeatures(), si.flags(), si.serverCookie());
            }
            default -> f;
        };
    }

    static EntityAddr v2(InetSocketAddress a, int nonce) {
        byte[] ip = a.getAddress().getAddress();
        return new EntityAddr(AddrType.MSGR2, nonce, SockAddr.Inet4.of(ip[0] & 0xff, ip[1] & 0xff, ip[2] & 0xff,
                ip[3] & 0xff, a.getPort()));
    }
}
