package io.msgr2.conform.pcap;

import io.msgr2.spec.wire.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A scripted TCP conversation as raw-IP packets, one millisecond apart. */
final class Flow {
    static final long STEP = 1_000_000L;

    final String clientIp;
    final int clientPort;
    final String serverIp;
    final int serverPort;
    private long time;
    private final List<Packet> packets;

    Flow(String clientIp, int clientPort, String serverIp, int serverPort, long startNanos) {
        this(clientIp, clientPort, serverIp, serverPort, startNanos, new ArrayList<>());
    }

    /** Appends to an existing packet list (several flows interleaved). */
    Flow(String clientIp, int clientPort, String serverIp, int serverPort, long startNanos, List<Packet> packets) {
        this.clientIp = clientIp;
        this.clientPort = clientPort;
        this.serverIp = serverIp;
        this.serverPort = serverPort;
        this.time = startNanos;
        this.packets = packets;
    }

    Flow client(long seq, int flags, String payload) {
        return client(seq, flags, Frames.ascii(payload));
    }

    Flow server(long seq, int flags, String payload) {
        return server(seq, flags, Frames.ascii(payload));
    }

    Flow client(long seq, int flags, byte[] payload) {
        return add(Frames.ipTcp(clientIp, clientPort, serverIp, serverPort, seq, 0, flags, payload), 0);
    }

    Flow server(long seq, int flags, byte[] payload) {
        return add(Frames.ipTcp(serverIp, serverPort, clientIp, clientPort, seq, 0, flags, payload), 0);
    }

    /** A client segment of which the capture kept only the first {@code kept} payload bytes. */
    Flow clientCut(long seq, int flags, String payload, int kept) {
        byte[] full = Frames.ipTcp(clientIp, clientPort, serverIp, serverPort, seq, 0, flags, Frames.ascii(payload));
        return add(full, payload.length() - kept);
    }

    private Flow add(byte[] ipPacket, int cut) {
        byte[] captured = Arrays.copyOf(ipPacket, ipPacket.length - cut);
        packets.add(new Packet(time, captured.length, ipPacket.length, LinkType.RAW.code(), Bytes.wrap(captured)));
        time += STEP;
        return this;
    }

    /** The time the next packet will get. */
    long now() {
        return time;
    }

    /** The capture time of the packet {@code n} packets back (1 = the latest). */
    long timeOfLast(int n) {
        return packets.get(packets.size() - n).timeNanos();
    }

    List<Packet> packets() {
        return packets;
    }
}
