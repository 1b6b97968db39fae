package io.msgr2.testkit.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A path from a model's initial state: the labels of its moves, in order. Its text is the
 * labels joined by {@code "; "}, what {@code ./msgr2 explore --replay} takes and a pinned
 * regression test holds. Inside the explorer a path is a chain that shares its prefix with
 * every path through the same state.
 */
public record Trace(List<String> labels) {
    public static final String SEPARATOR = "; ";

    public Trace {
        labels = List.copyOf(labels);
    }

    public static Trace parse(String text) {
        return new Trace(text.isBlank() ? List.of()
                : Arrays.stream(text.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    public String text() {
        return String.join(SEPARATOR, labels);
    }

    /** A path as the explorer holds it: the last label and the path before it. */
    record Step(String label, Step before) {
        Trace trace() {
            List<String> out = new ArrayList<>();
            for (Step s = this; s != null; s = s.before) {
                out.add(s.label);
            }
            Collections.reverse(out);
            return new Trace(out);
        }

        static Trace of(Step s) {
            return s == null ? new Trace(List.of()) : s.trace();
        }
    }
}
