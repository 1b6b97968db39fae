package io.msgr2.conform;

import io.msgr2.conform.pcap.TcpConnection;
import io.msgr2.spec.wire.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One captured TCP connection: what the client (the side that dialled) sent and what the
 * server sent, each a whole byte stream. From two stream files ({@link #ofFiles}) or from a
 * pcap ({@link Capture#pcap}), which also knows the addresses, when each byte arrived and how
 * the connection ended ({@link #tcp}).
 */
public record Connection(String name, Bytes clientToServer, Bytes serverToClient, Optional<TcpConnection> tcp) {

    public static Connection of(String name, Bytes clientToServer, Bytes serverToClient) {
        return new Connection(name, clientToServer, serverToClient, Optional.empty());
    }

    /** The two stream files of a connection, e.g. {@code conn1/client-to-server.bin} and {@code server-to-client.bin}. */
    public static Connection ofFiles(Path clientToServer, Path serverToClient) throws IOException {
        return of(clientToServer.getParent() == null ? clientToServer.toString()
                        : clientToServer.getParent().toString(),
                Bytes.wrap(Files.readAllBytes(clientToServer)), Bytes.wrap(Files.readAllBytes(serverToClient)));
    }

    /** A capture directory holding {@code client-to-server.bin} and {@code server-to-client.bin}. */
    public static Connection ofDirectory(Path dir) throws IOException {
        return ofFiles(dir.resolve("client-to-server.bin"), dir.resolve("server-to-client.bin"));
    }

    /** Whether the pcap lacks bytes of this connection (lost or cut by the snapshot length). */
    public boolean hasGaps() {
        return tcp.map(t -> !t.clientToServer().complete() || !t.serverToClient().complete()).orElse(false);
    }
}
