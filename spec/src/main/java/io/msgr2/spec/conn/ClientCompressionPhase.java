package io.msgr2.spec.conn;

import io.msgr2.spec.frame.CompressionDone;
import io.msgr2.spec.frame.CompressionRequest;
import io.msgr2.spec.wire.CompressionMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityType;
import java.util.List;

/**
 * COMPRESSION_CONNECTING (Quincy+): after the server's AUTH_SIGNATURE, when both banners
 * carry the COMPRESSION bit, the client asks; the server's COMPRESSION_DONE settles it for
 * this TCP connection; then CLIENT_IDENT or SESSION_RECONNECT as without compression.
 */
final class ClientCompressionPhase {
    private ClientCompressionPhase() {}

    /**
     * The server's AUTH_SIGNATURE checked: COMPRESSION_REQUEST (we compress only toward an
     * OSD, in force mode, and in secure mode only if allowed; the methods go out toward an
     * OSD even when we do not ask), or straight on to the session without the exchange.
     */
    static Transition startOrSkip(Conn c, Link link) {
        if (!link.compressionExchange(c.config().wireBanner())) {
            return ClientSessionPhase.start(c, link);
        }
        EntityType peer = c.session().peer().type();
        ConnectionMode mode = link.auth().map(a -> a.mode()).orElse(ConnectionMode.CRC);
        Compression cfg = c.config().compression();
        boolean ask = cfg.mode(peer, mode);
        List<CompressionMethod> methods = cfg.methodsFor(peer);
        Out out = new Out();
        Link l = out.send(c.config(), link, new CompressionRequest(ask, methods));
        return out.to(c.withPhase(new Phase.CompressionConnecting(l, ask, methods)));
    }

    /**
     * COMPRESSION_DONE: compression with its method iff we asked, it says yes, and the method
     * is one we offered (a Ceph server that said yes sends compressed frames, so a method we
     * cannot do, or a yes we did not ask for, ends the connection); then the session.
     */
    static Transition onDone(Conn c, Phase.CompressionConnecting p, Link link, CompressionDone done) {
        if (!done.compress()) {
            return ClientSessionPhase.start(c, link);
        }
        if (!p.asked() || !p.offered().contains(done.method())) {
            return Faults.fault(c, new CloseReason.ProtocolViolation(CloseReason.Violation.COMPRESSION_NOT_OFFERED,
                    "COMPRESSION_DONE chose " + done.method() + (p.asked() ? ", we offered " + p.offered()
                            : " although we did not ask to compress")));
        }
        Out out = new Out().add(new Effect.InstallCompression(done.method(), c.config().compression().minSize()));
        Transition t = ClientSessionPhase.start(c, link.withCompression(done.method()));
        out.list().addAll(t.effects());
        return out.to(t.conn());
    }
}
