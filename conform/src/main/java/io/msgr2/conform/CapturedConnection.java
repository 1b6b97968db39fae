package io.msgr2.conform;

import io.msgr2.conform.pcap.TcpConnection;
import io.msgr2.spec.frame.AuthRequest;
import io.msgr2.spec.frame.ClientIdent;
import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Hello;
import io.msgr2.spec.frame.ServerIdent;
import io.msgr2.spec.frame.SessionReconnect;
import io.msgr2.spec.frame.SessionReconnectOk;
import io.msgr2.spec.frame.SessionRetry;
import io.msgr2.spec.frame.Wait;
import io.msgr2.spec.wire.AuthMethod;
import io.msgr2.spec.wire.EntityAddrVec;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import java.util.List;
import java.util.Optional;

/**
 * One connection of a capture, decoded, with what it says about its two messengers: the
 * client messenger's addresses (from CLIENT_IDENT or SESSION_RECONNECT), the server
 * messenger's (SERVER_IDENT), whether the session is lossless, and the names the
 * AUTH_REQUEST gives.
 */
record CapturedConnection(int index, Connection connection, Dissector.Conversation conversation,
                          Optional<EntityAddrVec> clientAddrs, Optional<EntityAddrVec> serverAddrs,
                          Optional<Boolean> lossless, Optional<EntityName> clientName,
                          Optional<EntityType> clientType, Optional<EntityType> serverType) {

    static CapturedConnection of(int index, Connection c) {
        Dissector.Conversation conv = Dissector.decode(c);
        List<Frame> up = conv.client().frames();
        List<Frame> down = conv.server().frames();
        Optional<ClientIdent> ci = Dissector.first(up, ClientIdent.class);
        Optional<SessionReconnect> rc = Dissector.first(up, SessionReconnect.class);
        Optional<EntityAddrVec> clientAddrs = ci.map(ClientIdent::addrs).or(() -> rc.map(SessionReconnect::addrs));
        Optional<EntityAddrVec> serverAddrs = Dissector.first(down, ServerIdent.class).map(ServerIdent::addrs);
        Optional<Boolean> lossless = ci.map(i -> (i.flags() & ClientIdent.FLAG_LOSSY) == 0);
        if (lossless.isEmpty() && (rc.isPresent() || Dissector.first(down, SessionReconnectOk.class).isPresent()
                || Dissector.first(down, SessionRetry.class).isPresent()
                || Dissector.first(down, Wait.class).isPresent())) {
            lossless = Optional.of(true);
        }
        Optional<EntityName> name = Dissector.first(up, AuthRequest.class)
                .filter(r -> r.method().equals(AuthMethod.NONE))
                .flatMap(r -> io.msgr2.spec.auth.AuthNone.parse(r.payload())).map(io.msgr2.spec.auth.AuthNone.Request::name);
        return new CapturedConnection(index, c, conv, clientAddrs, serverAddrs, lossless, name,
                Dissector.first(up, Hello.class).map(Hello::entityType),
                Dissector.first(down, Hello.class).map(Hello::entityType));
    }

    Optional<TcpConnection> tcp() {
        return connection.tcp();
    }

    int serverPort() {
        return tcp().map(t -> t.server().port()).orElse(-1);
    }

    /** How many frames both directions hold: the fuller connection is the better profile. */
    int frames() {
        return conversation.client().frames().size() + conversation.server().frames().size();
    }

    /** Whether the TCP connection ended inside the capture (FIN or RST). */
    boolean ended() {
        return tcp().map(t -> !(t.ending() instanceof io.msgr2.conform.pcap.TcpEnding.Open)).orElse(false);
    }

    String shortName() {
        return "conn" + index;
    }
}
