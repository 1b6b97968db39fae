package io.msgr2.spec.conn;

import io.msgr2.spec.frame.Hello;
import io.msgr2.spec.wire.Banner;

/**
 * BANNER_ACCEPTING and HELLO_ACCEPTING: the server's banner exchange. Our banner went out
 * at accept; HELLO follows the client's banner; the client's HELLO says who it is, and that
 * chooses our policy for it.
 */
final class ServerBannerPhase {
    private ServerBannerPhase() {}

    /**
     * BANNER_ACCEPTING, the client's banner: incompatible features stop the connection;
     * otherwise the framing is chosen and our HELLO names our type and the client's socket
     * address (HELLO_ACCEPTING).
     */
    static Transition onBanner(Conn c, Phase.BannerAccepting p, Input.BannerReceived in) {
        Link link = p.link().withTranscript(p.link().transcript().onReceived(in.wire()));
        return switch (c.config().wireBanner().negotiate(in.banner())) {
            case Banner.Negotiation.Incompatible x -> Faults.stop(c, new CloseReason.BannerMismatch(x.peerLacks(),
                    x.weLack()), true);
            case Banner.Negotiation.Compatible ok -> {
                Out out = new Out().add(new Effect.StartFraming(ok.rev1()));
                Link l = out.send(c.config(), link.withBanner(in.banner(), ok.rev1()),
                        new Hello(c.config().name().type(), link.peerAddr()));
                yield out.to(c.withPhase(new Phase.HelloAccepting(l)));
            }
        };
    }

    /**
     * HELLO_ACCEPTING, the client's HELLO: its entity type selects our policy for it (before
     * any authentication, as Ceph does) (AUTH_ACCEPTING).
     */
    static Transition onHello(Conn c, Link link, Hello hello) {
        var s = c.session();
        s = s.withPeer(s.peer().withType(hello.entityType())).withPolicy(c.config().policyFor(hello.entityType()));
        return Transition.stay(c.withSession(s).withPhase(new Phase.AuthAccepting(link)));
    }
}
