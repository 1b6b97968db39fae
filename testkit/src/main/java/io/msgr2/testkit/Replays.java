package io.msgr2.testkit;

import io.msgr2.spec.frame.Frame;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A sender that repeats itself on purpose, so that the receiver's rule for old messages is
 * exercised: a MESSAGE whose seq is at or below in_seq is dropped, not delivered
 * ({@code ProtocolV2::handle_message}, "got old message"). With probability
 * {@code duplicate} a MESSAGE frame goes out twice in a row; with probability {@code replay}
 * an earlier MESSAGE frame of the same TCP connection follows it, so the receiver sees seq go
 * back (an old message arriving after newer ones). Only for connections whose frames do not
 * depend on their position in the stream: crc mode (a secure frame repeated fails its GCM
 * tag, which is another test). TCP itself never repeats or reorders, so this is a faulty
 * sender, not a faulty network, and the receiver must shrug it off.
 */
final class Replays implements Sim.Tamper {
    private final SplittableRandom rnd;
    private final double duplicate;
    private final double replay;
    /** sender#transport -> the MESSAGE frames sent there, as wire bytes. */
    private final Map<String, List<Bytes>> sent = new HashMap<>();
    private long duplicates;
    private long replays;

    Replays(SplittableRandom rnd, double duplicate, double replay) {
        this.rnd = rnd;
        this.duplicate = duplicate;
        this.replay = replay;
    }

    @Override
    public Bytes wire(String sender, long transport, Frame f, Bytes wire) {
        if (!(f instanceof Message m) || SessionRules.id(m).isEmpty()) {
            return wire;
        }
        List<Bytes> earlier = sent.computeIfAbsent(sender + "#" + transport, k -> new ArrayList<>());
        double r = rnd.nextDouble();
        Bytes out = wire;
        if (r < duplicate) {
            duplicates++;
            out = Bytes.concat(wire, wire);
        } else if (r < duplicate + replay && !earlier.isEmpty()) {
            replays++;
            out = Bytes.concat(wire, earlier.get(rnd.nextInt(earlier.size())));
        }
        earlier.add(wire);
        return out;
    }

    /** A restarted peer numbers its TCP connections afresh. */
    void forget(String peer) {
        sent.keySet().removeIf(k -> k.startsWith(peer + "#"));
    }

    long duplicates() {
        return duplicates;
    }

    long replays() {
        return replays;
    }
}
