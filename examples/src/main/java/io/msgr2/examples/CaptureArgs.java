package io.msgr2.examples;

import io.msgr2.conform.Connection;
import io.msgr2.conform.Keys;
import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options {@code dump} and {@code conform} share: the capture's files and the keys. */
final class CaptureArgs {
    @Option(names = "--client-to-server", paramLabel = "FILE", description = "what the client sent")
    String clientToServer;

    @Option(names = "--server-to-client", paramLabel = "FILE", description = "what the server sent")
    String serverToClient;

    @Option(names = "--pcap", paramLabel = "FILE", description = "a pcap or pcapng capture (every msgr2 connection in it)")
    String pcap;

    @Option(names = "--key", paramLabel = "BASE64", description = "the cephx secret that opens the session")
    String key;

    @Option(names = "--session-key", paramLabel = "HEX|BASE64", description = "a service ticket's session key")
    String sessionKey;

    @Option(names = "--mon-client-to-server", paramLabel = "FILE",
            description = "the mon session that issued the tickets (client's bytes)")
    String monClientToServer;

    @Option(names = "--mon-server-to-client", paramLabel = "FILE",
            description = "the mon session that issued the tickets (mon's bytes)")
    String monServerToClient;

    @Option(names = "--mon-store", paramLabel = "FILE", description = "a mon's auth database (conform, server role)")
    String monStore;

    Connection connection() {
        if (clientToServer == null || serverToClient == null) {
            throw new UsageException("give --client-to-server FILE and --server-to-client FILE, or --pcap FILE");
        }
        return Connection.of(clientToServer, read(clientToServer), read(serverToClient));
    }

    Keys keys() {
        Keys k = Keys.NONE;
        if (key != null) {
            k = k.withKey(Keys.parseKey(key).getOrElseThrow(UsageException::new));
        }
        if (sessionKey != null) {
            k = k.withSessionKey(Keys.parseSessionKey(sessionKey).getOrElseThrow(UsageException::new));
        }
        if (monClientToServer != null || monServerToClient != null) {
            if (monClientToServer == null || monServerToClient == null) {
                throw new UsageException("give both --mon-client-to-server and --mon-server-to-client");
            }
            k = k.withMonSession(Connection.of("mon session", read(monClientToServer), read(monServerToClient)));
        }
        if (monStore != null) {
            k = k.withMonStore(read(monStore));
        }
        return k;
    }

    /** A pcap or pcapng file's msgr2 connections, or why the file is neither. */
    Either<String, io.msgr2.conform.Capture> capture() {
        try {
            return io.msgr2.conform.Capture.pcap(Files.readAllBytes(Path.of(pcap)));
        } catch (IOException e) {
            throw new UsageException("cannot read " + pcap + ": " + e.getMessage());
        }
    }

    static Bytes read(String file) {
        try {
            return Bytes.wrap(Files.readAllBytes(Path.of(file)));
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
