package io.msgr2.codec;

/**
 * Where the codec gets every buffer whose size comes from the peer (segments that span
 * reads, decrypted plaintext, decompressed output). One place, so that tests can count
 * and bound what a hostile peer can make us allocate.
 */
@FunctionalInterface
public interface Allocator {
    Allocator HEAP = byte[]::new;

    byte[] allocate(int size);
}
