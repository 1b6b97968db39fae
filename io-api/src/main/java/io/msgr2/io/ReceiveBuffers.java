package io.msgr2.io;

/**
 * Whether a received message's segments are the application's to keep, or loaned to it until
 * its listener returns.
 */
public enum ReceiveBuffers {
    /**
     * The default: every segment of a delivered message is the application's for good (the
     * stacks read into arrays they never reuse, and decrypt into fresh ones).
     */
    OWNED,
    /**
     * A delivered message's segments are valid only until {@link Msgr2Listener#onMessage}
     * returns: the stacks then reuse the arrays they read and decrypt into (a few warm arrays
     * per connection instead of a new, zeroed one per frame: the throughput figures in
     * docs/benchmarks.md show what that is worth). An application that keeps a message copies
     * what it keeps ({@code Bytes.toByteArray}). Control frames, the pre-auth bytes and every
     * value the spec keeps are copied as they are decoded, whatever this says.
     */
    LOANED,
}
