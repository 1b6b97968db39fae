package io.msgr2.testkit.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.conn.ConnectionEvent;
import io.msgr2.spec.frame.Tag;
import io.msgr2.testkit.SessionRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default models explored exhaustively (osd-pair to a smaller depth and client-mon with
 * a smaller fault budget than the command's defaults, which ExploreCommandTest runs in the
 * build through {@code msgr2 explore}): no violation, and enough explored that the
 * figures mean something: sessions reach READY on both sides, every message arrives on some
 * path, the race and reconnect decisions happen. The floors are below the counts measured
 * when the test was written (docs/explore.md has them). A broken world is caught, and its
 * trace replays to the same violation.
 */
class ExploreTest {
    private static Explorer.Report run(Model m, int depth, int faults) {
        Explorer.Report r = Explorer.explore(m, new Explorer.Options(depth, faults, 5));
        System.out.printf("%s: depth %d (reached %d, %s), faults %d: %d states, %d transitions, %d at rest, %d ms%n",
                m.name(), depth, r.depthReached(), r.complete() ? "complete" : "bounded", faults, r.states(),
                r.transitions(), r.atRest(), r.elapsed().toMillis());
        assertEquals(List.of(), r.violations(), m.name());
        assertTrue(r.notified(ConnectionEvent.CONNECTED) > 0 && r.notified(ConnectionEvent.ACCEPTED) > 0, m.name());
        assertTrue(r.allDelivered() > 0, m.name() + ": no state at rest has every message delivered");
        return r;
    }

    @Test
    void osdPairConnectRacesAndReconnects() {
        Explorer.Report r = run(Model.osdPair(), 24, 1);
        assertTrue(r.states() > 100_000, "states " + r.states());
        assertTrue(r.frames(Tag.WAIT) > 0 && r.frames(Tag.SESSION_RECONNECT) > 0, r.frames().toString());
    }

    @Test
    void clientMdsExhaustivelyWithTwoFaults() {
        Model m = Model.clientMds();
        Explorer.Report r = run(m, m.defaultDepth(), m.defaultFaults());
        assertTrue(r.complete(), "client-mds is explored to the end at its default depth");
        assertTrue(r.states() > 100_000, "states " + r.states());
        assertTrue(r.frames(Tag.SESSION_RECONNECT_OK) > 0 && r.frames(Tag.SESSION_RESET) > 0, r.frames().toString());
        assertTrue(r.notified(ConnectionEvent.RESET) > 0, r.notified().toString());
    }

    @Test
    void clientMonExhaustivelyWithTwoFaults() {
        Model m = Model.clientMon();
        Explorer.Report r = run(m, m.defaultDepth(), 2); // the command's default is 3 faults: 35 s more
        assertTrue(r.complete(), "client-mon is explored to the end at its default depth");
        assertTrue(r.states() > 50_000, "states " + r.states());
        assertEquals(0, r.frames(Tag.SESSION_RECONNECT), "a lossy client never reconnects a session");
        assertTrue(r.notified(ConnectionEvent.RESET) > 0, r.notified().toString());
    }

    @Test
    void aLostMessageIsCaughtAndItsTraceReplays() {
        Model broken = Model.clientMds().losing(SessionRules.front("client.7", 0, 1));
        Explorer.Report r = Explorer.explore(broken, new Explorer.Options(40, 0, 1));
        assertEquals(1, r.violations().size(), "the lost message is found");
        Explorer.Violation v = r.violations().get(0);
        assertTrue(v.what().get(0).startsWith("message client.7@0/1 (queued on #1) never reached mds.a"), v.toString());
        Explorer.Replay again = Explorer.replay(broken, 0, v.trace());
        assertEquals(v.what(), again.violation().orElseThrow().what());
        assertEquals(v.trace().labels().size(), again.log().size());
    }

    /**
     * Found by exploring osd-pair-same-nonce (depth 43, one fault): osd.1 restarts with its
     * old nonce while its CLIENT_IDENT to osd.2 is in flight; osd.2 has meanwhile made a
     * session with the new osd.1 and delivered it message 1, unacknowledged. The stale
     * CLIENT_IDENT (another client cookie) makes osd.2's READY connection take over its
     * socket without a reset (lossless_peer has no resetcheck), adopting the dead peer's
     * cookie; when that socket closes, osd.2 reconnects, the new osd.1 answers
     * SESSION_RESET(full=false) (no resetcheck either), osd.2 keeps its queue, and the new
     * session (in_seq starts at 0, as Ceph's send_server_ident does) delivers message 1 a
     * second time. The session facts' P2 promises exactly-once only without a peer restart,
     * and Ceph's daemons restart with a new nonce, which the default osd-pair model does;
     * this pins what the spec does today (docs/explore.md, "Findings").
     */
    @Test
    void aSameNonceRestartOfALosslessPeerCanDeliverTwice() {
        Trace t = Trace.parse(SAME_NONCE_DUPLICATE);
        Explorer.Replay r = Explorer.replay(Model.osdPairSameNonce(), 1, t);
        assertEquals(List.of("osd.1@1 delivered osd.2@0 message 1 after 1 (duplicate)"),
                r.violation().orElseThrow().what(), String.join("\n", r.log()));
        assertEquals(t.labels().size(), r.log().size(), "the violation is the trace's last move");
    }

    static final String SAME_NONCE_DUPLICATE = "send osd.1->osd.2 #1; accept osd.1/t2; deliver osd.1/t2 < CONNECTED; "
            + "deliver osd.1/t2 > BANNER; deliver osd.1/t2 < BANNER; deliver osd.1/t2 > HELLO; "
            + "deliver osd.1/t2 < HELLO; deliver osd.1/t2 > AUTH_REQUEST; deliver osd.1/t2 < AUTH_DONE; "
            + "deliver osd.1/t2 > AUTH_SIGNATURE; deliver osd.1/t2 < AUTH_SIGNATURE; send osd.2->osd.1 #1; "
            + "restart osd.1; accept osd.2/t4; deliver osd.2/t4 < CONNECTED; deliver osd.2/t4 > BANNER; "
            + "deliver osd.2/t4 < BANNER; deliver osd.2/t4 > HELLO; deliver osd.2/t4 < HELLO; "
            + "deliver osd.2/t4 > AUTH_REQUEST; deliver osd.2/t4 < AUTH_DONE; deliver osd.2/t4 > AUTH_SIGNATURE; "
            + "deliver osd.2/t4 < AUTH_SIGNATURE; deliver osd.2/t4 > CLIENT_IDENT; deliver osd.2/t4 < SERVER_IDENT; "
            + "deliver osd.1/t2 > CLIENT_IDENT; deliver osd.1/t2 > FIN; deliver osd.2/t4 > MESSAGE; accept osd.2/t5; "
            + "deliver osd.2/t5 < CONNECTED; deliver osd.2/t5 > BANNER; deliver osd.2/t5 < BANNER; "
            + "deliver osd.2/t5 > HELLO; deliver osd.2/t5 < HELLO; deliver osd.2/t5 > AUTH_REQUEST; "
            + "deliver osd.2/t5 < AUTH_DONE; deliver osd.2/t5 > AUTH_SIGNATURE; deliver osd.2/t5 < AUTH_SIGNATURE; "
            + "deliver osd.2/t5 > SESSION_RECONNECT; deliver osd.2/t5 < SESSION_RESET; deliver osd.2/t5 > CLIENT_IDENT; "
            + "deliver osd.2/t5 < SERVER_IDENT; deliver osd.2/t5 > MESSAGE";
}
