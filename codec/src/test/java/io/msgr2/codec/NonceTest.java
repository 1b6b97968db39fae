package io.msgr2.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.msgr2.codec.frame.Decoded;
import io.msgr2.codec.frame.EncodeResult;
import io.msgr2.codec.frame.FrameCipher;
import io.msgr2.codec.frame.FrameDecoder;
import io.msgr2.codec.frame.FrameEncoder;
import io.msgr2.spec.frame.Ack;
import io.msgr2.spec.wire.Bytes;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TX nonce never repeats: when it comes back to its first value (msgr2.0's le32 counter
 * wraps after 2^32 frames; msgr2.1's le64 after 2^64), sending is refused (Ceph: "out of
 * nonces", CVE-2020-1759) and the connection must fault. Nonces advance in step on both ends.
 */
class NonceTest {
    static final Bytes KEY = Bytes.fromHex("00112233445566778899aabbccddeeff");

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void refusesToWrapTheTxNonce(boolean rev1) {
        Bytes initial = Bytes.fromHex("0a0b0c0d" + "0102030405060708");
        // one operation before the counter wraps back to the initial nonce
        byte[] last = initial.toByteArray();
        if (rev1) {
            last[4] -= 1; // le64 counter at bytes 4..11, one below its start
        } else {
            last[0] -= 1; // le32 at bytes 0..3
        }
        FrameCipher tx = FrameCipher.resumedAt(KEY, initial, Bytes.wrap(last), rev1);
        FrameEncoder enc = new FrameEncoder(rev1);
        enc.installSecure(tx);
        // rev1 ACK uses one GCM message per frame, rev0 always one
        Bytes wire = assertInstanceOf(EncodeResult.Encoded.class, enc.encode(new Ack(1))).wire().toBytes();
        assertEquals(initial, tx.nextNonce());
        EncodeResult refused = enc.encode(new Ack(2));
        assertEquals(EncodeResult.Reason.NONCES_EXHAUSTED, assertInstanceOf(EncodeResult.Refused.class, refused).reason());

        FrameDecoder dec = FrameDecoder.framesOnly(rev1, Limits.DEFAULT, Allocator.HEAP);
        dec.installSecure(FrameCipher.resumedAt(KEY, initial, Bytes.wrap(last), rev1));
        dec.feed(wire);
        assertEquals(new Ack(1), assertInstanceOf(Decoded.FrameDecoded.class, dec.next()).frame());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theInitialNonceIsUsedExactlyOnce(boolean rev1) {
        FrameCipher tx = new FrameCipher(KEY, Bytes.fromHex("000000000000000000000000"), rev1);
        for (int i = 0; i < 3; i++) {
            tx.seal(List.of(Bytes.zeros(16))).orElseThrow();
        }
        assertEquals(Bytes.fromHex(rev1 ? "000000000300000000000000" : "030000000000000000000000"), tx.nextNonce());
    }
}
