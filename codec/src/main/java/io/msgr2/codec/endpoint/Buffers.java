package io.msgr2.codec.endpoint;

import io.msgr2.codec.Allocator;

/**
 * Where an endpoint's buffers come from, and how long what it hands out stays valid.
 *
 * @param receive what the decoder allocates from: segments that span fed chunks, decrypted and
 *     decompressed segments (every size the peer chooses goes through it, so it is also where a
 *     test counts and bounds them)
 * @param loanedReceive whether the fed chunks and {@code receive}'s arrays are reused once the
 *     frames decoded from them have been handled: then a delivered MESSAGE's segments are valid
 *     only until the step that delivered it is over; when false (owned), everything handed out
 *     is the receiver's to keep. Control payloads, the banner and the captured pre-auth bytes
 *     are copied either way, so in secure mode (where MESSAGE segments are decrypted into
 *     {@code receive}'s arrays) no decoded value is a view of a fed chunk
 * @param send what the encoder allocates secure-mode output from; a transport that recycles it
 *     must have written a frame's bytes before it does
 */
public record Buffers(Allocator receive, boolean loanedReceive, Allocator send) {
    /** Fresh arrays everywhere: whatever is handed out stays valid for good. */
    public static final Buffers OWNED = new Buffers(Allocator.HEAP, false, Allocator.HEAP);

    /** Owned buffers, the decoder's from {@code receive} (a counting allocator in tests). */
    public static Buffers owned(Allocator receive) {
        return new Buffers(receive, false, Allocator.HEAP);
    }
}
