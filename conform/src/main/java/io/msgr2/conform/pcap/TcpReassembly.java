package io.msgr2.conform.pcap;

import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Rebuilds the TCP connections of a capture: frames are opened down to TCP, segments are
 * grouped by 4-tuple into connections and each direction is reassembled by
 * {@link StreamAssembler}. A pure SYN (no ACK) on a 4-tuple starts a new connection, unless it
 * repeats the current connection's SYN; so a port reused after FIN or RST gives two
 * connections.
 */
public final class TcpReassembly {

    private TcpReassembly() {
    }

    /** The connections of a file; its warnings come first. */
    public static TcpCapture of(PcapFile file) {
        TcpCapture capture = of(file.packets());
        List<String> warnings = new ArrayList<>(file.warnings());
        warnings.addAll(capture.warnings());
        return new TcpCapture(capture.connections(), warnings);
    }

    /** The connections carried by these frames, taken in list order. */
    public static TcpCapture of(List<Packet> packets) {
        Warnings warnings = new Warnings();
        Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        TreeSet<Integer> unknownLinkTypes = new TreeSet<>();
        long truncatedSegments = 0;
        long uncapturedBytes = 0;
        Map<Key, Connection> current = new HashMap<>();
        List<Connection> started = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            Packet packet = packets.get(i);
            Either<SkipReason, TcpSegment> dissected = TcpSegment.dissect(packet, i);
            if (dissected.isLeft()) {
                skipped.merge(dissected.getLeft(), 1L, Long::sum);
                if (dissected.getLeft() == SkipReason.UNKNOWN_LINK_TYPE) {
                    unknownLinkTypes.add(packet.linkType());
                }
                continue;
            }
            TcpSegment s = dissected.get();
            if (s.missingBytes() > 0) {
                truncatedSegments++;
                uncapturedBytes += s.missingBytes();
            }
            Key key = Key.of(s.source(), s.destination());
            Connection c = current.get(key);
            if (c == null || c.startsAnew(s)) {
                if (c != null && !c.ended()) {
                    warnings.note("a SYN with a new sequence number on a connection that had not ended "
                            + "(no FIN or RST) starts a new connection");
                }
                c = new Connection(s);
                current.put(key, c);
                started.add(c);
            }
            c.accept(s);
        }
        skipped.forEach((reason, n) -> warnings.note("skipped " + n + " " + reason.description
                + (reason == SkipReason.UNKNOWN_LINK_TYPE ? " " + unknownLinkTypes : "")));
        if (truncatedSegments > 0) {
            warnings.note(truncatedSegments + " TCP segments cut by the snapshot length: " + uncapturedBytes
                    + " payload bytes not captured");
        }
        started.sort(Comparator.comparingLong(c -> c.startNanos));
        List<TcpConnection> connections = new ArrayList<>(started.size());
        for (Connection c : started) {
            connections.add(c.build(warnings));
        }
        return new TcpCapture(connections, warnings.list());
    }

    /** A 4-tuple without direction: the smaller endpoint first. */
    private record Key(TcpEndpoint low, TcpEndpoint high) {
        static Key of(TcpEndpoint a, TcpEndpoint b) {
            return a.compareTo(b) <= 0 ? new Key(a, b) : new Key(b, a);
        }
    }

    /** A connection being rebuilt. */
    private static final class Connection {
        final TcpEndpoint client;
        final TcpEndpoint server;
        final long startNanos;
        boolean synSeen;
        final StreamAssembler clientToServer = new StreamAssembler();
        final StreamAssembler serverToClient = new StreamAssembler();

        Connection(TcpSegment first) {
            // a SYN-ACK first means the capture missed the SYN: its receiver is the client
            boolean synAck = first.syn() && first.hasAck();
            client = synAck ? first.destination() : first.source();
            server = synAck ? first.source() : first.destination();
            startNanos = first.timeNanos();
        }

        boolean ended() {
            return clientToServer.ended() || serverToClient.ended();
        }

        /** Whether {@code s} is a pure SYN that opens a new connection on this 4-tuple. */
        boolean startsAnew(TcpSegment s) {
            if (!s.syn() || s.hasAck()) {
                return false;
            }
            if (s.source().equals(client)) {
                if (clientToServer.sentSyn(s.seq())) {
                    return false;
                }
                // else it may be the SYN of a connection we met at its SYN-ACK
                return synSeen || !clientToServer.untouched();
            }
            return true;
        }

        void accept(TcpSegment s) {
            boolean fromClient = s.source().equals(client);
            if (fromClient && s.syn() && !s.hasAck()) {
                synSeen = true;
            }
            (fromClient ? clientToServer : serverToClient).accept(s);
        }

        TcpConnection build(Warnings warnings) {
            TcpConnection c = new TcpConnection(client, server, synSeen, startNanos,
                    clientToServer.build(), serverToClient.build());
            if (!synSeen) {
                warnings.note(c.name() + ": no SYN captured (capture began mid-connection?); "
                        + "the first sender is taken as the client");
            }
            report(c.name() + " client->server", clientToServer, c.clientToServer(), warnings);
            report(c.name() + " server->client", serverToClient, c.serverToClient(), warnings);
            return c;
        }

        private static void report(String label, StreamAssembler assembler, TcpStream stream, Warnings warnings) {
            if (!stream.gaps().isEmpty()) {
                TcpStream.Gap gap = stream.gaps().get(0);
                long after = assembler.bytesAfterFirstGap();
                warnings.note(label + ": stream stops at offset " + gap.offset() + ", " + gap.size() + " bytes "
                        + (gap.cause() == TcpStream.Gap.Cause.LOST ? "never captured" : "cut by the snapshot length")
                        + (stream.gaps().size() > 1 ? " (" + (stream.gaps().size() - 1) + " more gaps)" : "")
                        + (after > 0 ? "; " + after + " captured bytes after it left out" : ""));
            }
            if (stream.retransmissionDiffered()) {
                warnings.note(label + ": retransmitted bytes differ from their first copy (the first copy is kept)");
            }
            if (assembler.bytesBeforeStart() > 0) {
                warnings.note(label + ": " + assembler.bytesBeforeStart()
                        + " bytes before the stream start ignored (no SYN seen)");
            }
        }
    }
}
