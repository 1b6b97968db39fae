package io.msgr2.spec.conn;

import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.auth.ClientAuth;
import io.msgr2.spec.frame.Hello;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.SockAddr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * BANNER_CONNECTING and HELLO_CONNECTING: the client's banner exchange. HELLO goes out only
 * after the server's banner (the framing revision depends on it); AUTH_REQUEST only after
 * the server's HELLO.
 */
final class ClientBannerPhase {
    private ClientBannerPhase() {}

    /**
     * BANNER_CONNECTING, the server's banner: features incompatible stop the connection
     * (no retry, a reset notification); otherwise both directions switch to the chosen
     * framing and our HELLO goes out: our entity type and the address we dialled.
     */
    static Transition onBanner(Conn c, Phase.BannerConnecting p, Input.BannerReceived in) {
        Link link = p.link().withTranscript(p.link().transcript().onReceived(in.wire()));
        return switch (c.config().wireBanner().negotiate(in.banner())) {
            case Banner.Negotiation.Incompatible x -> Faults.stop(c, new CloseReason.BannerMismatch(x.peerLacks(),
                    x.weLack()), true);
            case Banner.Negotiation.Compatible ok when p.pipelined().isPresent() && !ok.rev1() -> fallBack(c);
            case Banner.Negotiation.Compatible ok when p.pipelined().isPresent() ->
                    Transition.stay(c.withPhase(new Phase.HelloConnecting(link.withBanner(in.banner(), true),
                            p.pipelined())));
            case Banner.Negotiation.Compatible ok -> {
                Out out = new Out().add(new Effect.StartFraming(ok.rev1()));
                Link l = out.send(c.config(), link.withBanner(in.banner(), ok.rev1()),
                        new Hello(c.config().name().type(), link.peerAddr()));
                yield out.to(c.withPhase(new Phase.HelloConnecting(l)));
            }
        };
    }

    /**
     * HELLO_CONNECTING, the server's HELLO: a peer of another type than we meant to reach
     * stops the connection; a client that does not know its own IP learns it from the
     * address the server saw; then the first AUTH_REQUEST goes out (AUTH_CONNECTING).
     */
    static Transition onHello(Conn c, Link link, Hello hello) {
        if (!hello.entityType().equals(c.session().peer().type())) {
            return Faults.stop(c, new CloseReason.WrongPeerType(c.session().peer().type().value(),
                    hello.entityType().value()), true);
        }
        Conn d = c.withEnv(c.env().withMyAddrs(learnAddr(c.env().myAddrs(), hello.peerAddr())));
        if (c.phase() instanceof Phase.HelloConnecting h && h.pipelined().isPresent()) {
            return Transition.stay(d.withPhase(new Phase.AuthConnecting(link, h.pipelined().get())));
        }
        List<AuthMethod> methods = d.config().auth().clientMethods();
        if (methods.isEmpty()) {
            return Faults.stop(d, new CloseReason.AuthFailed("no auth method configured"), true);
        }
        return ClientAuthPhase.request(d, link, methods.get(0), new Out());
    }

    /**
     * Optimistic pipelining, at TCP connect: msgr2.1 framing from now on, our HELLO and our
     * first AUTH_REQUEST right behind the banner (BANNER_CONNECTING holds the auth machine).
     */
    static Transition pipeline(Conn c, Link link, Out out) {
        List<AuthMethod> methods = c.config().auth().clientMethods();
        if (methods.isEmpty()) {
            return out.to(c);
        }
        out.add(new Effect.StartFraming(true));
        Link l = out.send(c.config(), link.withRev1(true), new Hello(c.config().name().type(), link.peerAddr()));
        Transition t = ClientAuthPhase.request(c, l, methods.get(0), out);
        if (t.conn().phase() instanceof Phase.AuthConnecting ac) {
            return new Transition(t.conn().withPhase(new Phase.BannerConnecting(ac.link(), Optional.of(ac.auth()))),
                    t.effects());
        }
        return t;
    }

    /**
     * The peer's banner lacks msgr2.1 but we pipelined in msgr2.1: drop this TCP connection
     * and dial again at once, without pipelining, for this connection from now on.
     */
    static Transition fallBack(Conn c) {
        Conn d = c.withConfig(ImmutableConfig.copyOf(c.config()).withPipelining(false));
        return Dialing.dial(d, new Out().add(new Effect.CloseTransport(new CloseReason.PipeliningRefused())));
    }

    /** Our addresses, with a blank IP replaced by the one the peer saw (port 0, our nonce and type). */
    static EntityAddrVec learnAddr(EntityAddrVec mine, EntityAddr seen) {
        if (mine.isEmpty() || !isBlankIp(mine.addrs().get(0)) || isBlankIp(seen)) {
            return mine;
        }
        EntityAddr first = mine.addrs().get(0);
        SockAddr ip = switch (seen.addr()) {
            case SockAddr.Inet4 in -> new SockAddr.Inet4(in.ip(), 0);
            case SockAddr.Inet6 in6 -> new SockAddr.Inet6(in6.ip(), 0, 0, in6.scopeId());
            default -> first.addr();
        };
        List<EntityAddr> out = new ArrayList<>(mine.addrs());
        out.set(0, new EntityAddr(first.type(), first.nonce(), ip));
        return new EntityAddrVec(out);
    }

    static boolean isBlankIp(EntityAddr a) {
        return switch (a.addr()) {
            case SockAddr.Blank b -> true;
            case SockAddr.Inet4 in -> in.ip().isZero();
            case SockAddr.Inet6 in6 -> in6.ip().isZero();
            case SockAddr.Other o -> false;
        };
    }

    /** The modes to offer with {@code method}: our preference, without secure for auth none. */
    static List<ConnectionMode> modes(Conn c, AuthMethod method) {
        return AuthConfig.modesFor(method, c.config().auth().clientModes(c.session().peer().type()));
    }

    static Optional<ClientAuth> machine(Conn c, AuthMethod method) {
        return c.config().auth().client(method, c.session().peer().type());
    }
}
