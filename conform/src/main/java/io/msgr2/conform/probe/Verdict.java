package io.msgr2.conform.probe;

/** A scenario's result. */
public enum Verdict {
    PASS, FAIL, SKIP
}
