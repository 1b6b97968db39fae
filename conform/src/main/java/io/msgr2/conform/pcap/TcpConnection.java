package io.msgr2.conform.pcap;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One TCP connection of the capture with both its byte streams.
 *
 * @param client     the side that sent the SYN; without a SYN, the sender of the first packet
 *                   (or the receiver of a SYN-ACK)
 * @param synSeen    whether the capture holds the client's SYN
 * @param startNanos when the connection's first packet was captured
 */
public record TcpConnection(TcpEndpoint client, TcpEndpoint server, boolean synSeen, long startNanos,
        TcpStream clientToServer, TcpStream serverToClient) {

    /** The two ends, by role. */
    public enum Side {
        CLIENT,
        SERVER
    }

    public TcpConnection {
        Objects.requireNonNull(client, "client is null");
        Objects.requireNonNull(server, "server is null");
        Objects.requireNonNull(clientToServer, "clientToServer is null");
        Objects.requireNonNull(serverToClient, "serverToClient is null");
    }

    /** What {@code side} sent. */
    public TcpStream sentBy(Side side) {
        return side == Side.CLIENT ? clientToServer : serverToClient;
    }

    /** The first RST if there was one, else the first FIN, else open. */
    public TcpEnding ending() {
        Side reset = first(clientToServer.rstNanos(), serverToClient.rstNanos());
        if (reset != null) {
            return new TcpEnding.Reset(reset, sentBy(reset).rstNanos().getAsLong());
        }
        Side fin = first(clientToServer.finNanos(), serverToClient.finNanos());
        if (fin != null) {
            return new TcpEnding.Fin(fin, sentBy(fin).finNanos().getAsLong());
        }
        return TcpEnding.OPEN;
    }

    private static Side first(OptionalLong client, OptionalLong server) {
        if (client.isPresent() && (server.isEmpty() || client.getAsLong() <= server.getAsLong())) {
            return Side.CLIENT;
        }
        return server.isPresent() ? Side.SERVER : null;
    }

    /** {@code 127.0.0.1:38010 -> 127.0.0.1:6801 @ 2026-12-04T20:11:05.123456Z}. */
    public String name() {
        Instant start = Instant.ofEpochSecond(Math.floorDiv(startNanos, 1_000_000_000L),
                Math.floorMod(startNanos, 1_000_000_000L));
        return client + " -> " + server + " @ " + start;
    }

    @Override
    public String toString() {
        return "TcpConnection[" + name() + ", " + clientToServer.bytes().length() + " bytes c->s, "
                + serverToClient.bytes().length() + " bytes s->c, " + ending() + "]";
    }
}
