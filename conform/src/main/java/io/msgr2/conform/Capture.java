package io.msgr2.conform;

import io.msgr2.conform.pcap.PcapFile;
import io.msgr2.conform.pcap.TcpCapture;
import io.msgr2.conform.pcap.TcpConnection;
import io.msgr2.conform.pcap.TcpReassembly;
import io.msgr2.spec.wire.Bytes;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The msgr2 connections of a capture, in the order they started: one connection given as
 * two stream files, or every msgr2 conversation of a pcap or pcapng file, found by its banner
 * ({@code "ceph v2\n"}) on any port. TCP connections that carry something else are left out
 * and counted ({@link #notMsgr2()}, and in {@link #warnings()}), as are the reader's own warnings (truncated packets,
 * fragments, gaps).
 */
public record Capture(List<Connection> connections, List<String> warnings, int notMsgr2) {
    public static Capture of(Connection c) {
        return new Capture(List.of(c), List.of(), 0);
    }

    /** The msgr2 conversations of a pcap or pcapng file (none in an empty file); a file that is neither is an error. */
    public static Either<String, Capture> pcap(byte[] file) {
        if (file.length == 0) {
            return Either.right(new Capture(List.of(), List.of("the file is empty"), 0));
        }
        return PcapFile.read(file).mapLeft(e -> "not a readable pcap or pcapng file: " + e.kind() + ": " + e.detail())
                .map(f -> of(TcpReassembly.of(f)));
    }

    static Capture of(TcpCapture tcp) {
        List<Connection> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>(tcp.warnings());
        int other = 0;
        int empty = 0;
        for (TcpConnection t : tcp.connections()) {
            Bytes c2s = t.clientToServer().bytes();
            Bytes s2c = t.serverToClient().bytes();
            if (c2s.isEmpty() && s2c.isEmpty()) {
                empty++;
                continue;
            }
            if (!startsLikeMsgr2(c2s) || !startsLikeMsgr2(s2c)) {
                other++;
                continue;
            }
            out.add(new Connection("conn" + (out.size() + 1) + " " + t.name(), c2s, s2c, Optional.of(t)));
        }
        if (other > 0) {
            warnings.add(other + " TCP connection(s) carry something other than msgr2 (no \"ceph v2\" banner): left out");
        }
        if (empty > 0) {
            warnings.add(empty + " TCP connection(s) carry no payload: left out");
        }
        return new Capture(out, warnings, other);
    }

    /** Empty, a prefix of the banner, or starting with it. */
    static boolean startsLikeMsgr2(Bytes b) {
        Bytes magic = io.msgr2.codec.BannerCodec.MAGIC;
        int n = Math.min(b.length(), magic.length());
        return b.slice(0, n).equals(magic.slice(0, n));
    }
}
