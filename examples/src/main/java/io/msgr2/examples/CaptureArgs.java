package io.msgr2.examples;

import io.msgr2.conform.Connection;
import io.msgr2.conform.Keys;
import io.msgr2.spec.wire.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The options {@code dump} and {@code conform} share: the capture's files and the keys. */
final class CaptureArgs {
    private CaptureArgs() {}

    static Connection connection(Args args) {
        return Connection.of(args.require("client-to-server"), read(args.require("client-to-server")),
                read(args.require("server-to-client")));
    }

    static Keys keys(Args args) {
        Keys k = Keys.NONE;
        if (args.get("key").isPresent()) {
            k = k.withKey(Keys.parseKey(args.get("key").get()).getOrElseThrow(Args.UsageException::new));
        }
        if (args.get("session-key").isPresent()) {
            k = k.withSessionKey(Keys.parseSessionKey(args.get("session-key").get())
                    .getOrElseThrow(Args.UsageException::new));
        }
        if (args.get("mon-client-to-server").isPresent() || args.get("mon-server-to-client").isPresent()) {
            k = k.withMonSession(Connection.of("mon session", read(args.require("mon-client-to-server")),
                    read(args.require("mon-server-to-client"))));
        }
        if (args.get("mon-store").isPresent()) {
            k = k.withMonStore(read(args.get("mon-store").get()));
        }
        return k;
    }

    /** A pcap or pcapng file's msgr2 connections, or why the file is neither. */
    static io.vavr.control.Either<String, io.msgr2.conform.Capture> pcap(String file) {
        try {
            return io.msgr2.conform.Capture.pcap(Files.readAllBytes(Path.of(file)));
        } catch (IOException e) {
            throw new Args.UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static Bytes read(String file) {
        try {
            return Bytes.wrap(Files.readAllBytes(Path.of(file)));
        } catch (IOException e) {
            throw new Args.UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
