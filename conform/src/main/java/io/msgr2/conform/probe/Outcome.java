package io.msgr2.conform.probe;

/** What a scenario found: its verdict, what the rule predicts, and what the peer did. */
public record Outcome(Verdict verdict, String expected, String observed) {
    public static Outcome pass(String observed) {
        return new Outcome(Verdict.PASS, "", observed);
    }

    public static Outcome fail(String expected, String observed) {
        return new Outcome(Verdict.FAIL, expected, observed);
    }

    public static Outcome skip(String why) {
        return new Outcome(Verdict.SKIP, "", why);
    }
}
