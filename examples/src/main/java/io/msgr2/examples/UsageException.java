package io.msgr2.examples;

/** A usage error found after parsing (a value out of place, two options that exclude each other): exit 2, one sentence. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
