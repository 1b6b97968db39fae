package io.msgr2.spec.conn;

import io.msgr2.spec.frame.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * The effects of one step, collected in order. Local to a single step (the step function
 * as a whole stays pure); sending a frame also records it in the link's pre-auth transcript.
 */
final class Out {
    private final List<Effect> effects = new ArrayList<>();

    Out add(Effect e) {
        effects.add(e);
        return this;
    }

    /** Sends {@code f} on {@code link}, recording its bytes while the transcript records. */
    Link send(Config config, Link link, Frame f) {
        effects.add(new Effect.SendFrame(f));
        Transcript t = link.transcript();
        return t.recording() ? link.withTranscript(t.onSent(config.wireImage().plainFrame(f, link.rev1()))) : link;
    }

    Transition to(Conn c) {
        return new Transition(c, effects);
    }

    List<Effect> list() {
        return effects;
    }
}
