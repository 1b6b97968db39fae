package io.msgr2.conform.pcap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects warnings in first-seen order, folding repeats of the same message into a count. */
final class Warnings {
    private final Map<String, Long> counts = new LinkedHashMap<>();

    void note(String message) {
        counts.merge(message, 1L, Long::sum);
    }

    List<String> list() {
        List<String> out = new ArrayList<>(counts.size());
        counts.forEach((m, n) -> out.add(n == 1 ? m : m + " (" + n + " times)"));
        return List.copyOf(out);
    }
}
