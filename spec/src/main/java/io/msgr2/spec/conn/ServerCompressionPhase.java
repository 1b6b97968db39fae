package io.msgr2.spec.conn;

import io.msgr2.spec.frame.CompressionDone;
import io.msgr2.spec.frame.CompressionRequest;
import io.msgr2.spec.wire.CompressionMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityType;
import java.util.Optional;

/**
 * COMPRESSION_ACCEPTING (Quincy+): the server answers the client's COMPRESSION_REQUEST with
 * Ceph's rule, then waits for CLIENT_IDENT or SESSION_RECONNECT (SESSION_ACCEPTING).
 */
final class ServerCompressionPhase {
    private ServerCompressionPhase() {}

    /** The client's AUTH_SIGNATURE checked: COMPRESSION_ACCEPTING when both banners carry the bit, else SESSION_ACCEPTING. */
    static Transition startOrSkip(Conn c, Link link) {
        return Transition.stay(c.withPhase(link.compressionExchange(c.config().wireBanner())
                ? new Phase.CompressionAccepting(link) : new Phase.SessionAccepting(link)));
    }

    /**
     * COMPRESSION_REQUEST ({@code handle_compression_request}): we compress only if our mode
     * toward the client's entity type (from its HELLO: in practice, an OSD) says so and the
     * client asked; the method is the first of the client's that we allow (its order wins);
     * none in common, or not asked: COMPRESSION_DONE(0, none). Compression starts right after
     * COMPRESSION_DONE, both ways.
     */
    static Transition onRequest(Conn c, Link link, CompressionRequest req) {
        EntityType peer = c.session().peer().type();
        ConnectionMode mode = link.auth().map(a -> a.mode()).orElse(ConnectionMode.CRC);
        Compression cfg = c.config().compression();
        Optional<CompressionMethod> pick = Optional.empty();
        if (cfg.mode(peer, mode) && req.compress()) {
            pick = req.preferredMethods().stream().filter(cfg.methodsFor(peer)::contains).findFirst();
        }
        Out out = new Out();
        Link l = out.send(c.config(), link, new CompressionDone(pick.isPresent(), pick.orElse(CompressionMethod.NONE)));
        if (pick.isPresent()) {
            out.add(new Effect.InstallCompression(pick.get(), cfg.minSize()));
            l = l.withCompression(pick.get());
        }
        return out.to(c.withPhase(new Phase.SessionAccepting(l)));
    }
}
