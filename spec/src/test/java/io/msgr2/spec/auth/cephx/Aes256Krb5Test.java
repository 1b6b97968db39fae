package io.msgr2.spec.auth.cephx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.Entropy;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.UTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * aes256k: RFC 8009 Appendix A (aes256-cts-hmac-sha384-192, usage 2) for the key derivation
 * and the four sample encryptions; seeded round trips of every cephx envelope under every
 * usage and length, and what must fail (a flipped bit, another usage, another key).
 */
class Aes256Krb5Test {
    static final Bytes BASE = Bytes.fromHex("6d404d37faf79f9df0d33568d320669800eb4836472ea8a026d16b7182460c52");

    @Test
    void keyDerivation() {
        assertEquals(Bytes.fromHex("ef5718be86cc84963d8bbb5031e9f5c4ba41f28faf69e73d"), Aes256Krb5.derive(BASE, 2, 0x99, 192));
        assertEquals(Bytes.fromHex("56ab22bee63d82d7bc5227f6773f8ea7a5eb1c825160c38312980c442e5c7e49"),
                Aes256Krb5.derive(BASE, 2, 0xAA, 256));
        assertEquals(Bytes.fromHex("69b16514e3cd8e56b82010d5c73012b622c4d00ffc23ed1f"), Aes256Krb5.derive(BASE, 2, 0x55, 192));
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({
        "0, f764e9fa15c276478b2c7d0c4e5f58e4, 41f53fa5bfe7026d91faf9be959195a058707273a96a40f0a01960621ac612748b9bbfbe7eb4ce3c",
        "6, b80d3251c1f6471494256ffe712d0b9a, 4ed7b37c2bcac8f74f23c1cf07e62bc7b75fb3f637b9f559c7f664f69eab7b6092237526ea0d1f61cb20d69d10f2",
        "16, 53bf8a0d105265d4e276428624ce5e63, bc47ffec7998eb91e8115cf8d19dac4bbbe2e163e87dd37f49beca92027764f68cf51f14d798c2273f35df574d1f932e40c4ff255b36a266",
        "21, 763e65367e864f02f55153c7e3b58af1, 40013e2df58e8751957d2878bcd2d6fe101ccfd556cb1eae79db3c3ee86429f2b2a602ac86fef6ecb647d6295fae077a1feb517508d2c16b4192e01f62",
    })
    void rfc8009Encryptions(int length, String confounder, String ciphertext) {
        byte[] p = new byte[length];
        for (int i = 0; i < length; i++) {
            p[i] = (byte) i;
        }
        Bytes plain = Bytes.wrap(p);
        assertEquals(Bytes.fromHex(ciphertext), Aes256Krb5.encrypt(BASE, 2, Bytes.fromHex(confounder), plain));
        assertEquals(plain, Aes256Krb5.decrypt(BASE, 2, Bytes.fromHex(ciphertext)).get());
    }

    @Test
    void seededRoundTripsOfEveryEnvelopeUnderEveryUsage() {
        long seed = Long.getLong("msgr2.seed", 8009);
        SplittableRandom rnd = new SplittableRandom(seed);
        CryptoKey key = CryptoKey.random(CryptoKey.TYPE_AES256K, Entropy.seeded(seed), UTime.ZERO).key();
        CryptoKey other = CryptoKey.random(CryptoKey.TYPE_AES256K, Entropy.seeded(seed + 1), UTime.ZERO).key();
        CephxCrypto.Sealer sealer = new CephxCrypto.Sealer(Entropy.seeded(seed + 2));
        for (KeyUsage usage : KeyUsage.values()) {
            for (int len = 0; len < 100; len++) {
                byte[] t = new byte[len];
                rnd.nextBytes(t);
                Bytes struct = Bytes.wrap(t);
                String where = "seed " + seed + ", " + usage + ", " + len + " bytes";
                Bytes bare = sealer.bare(key, usage, struct);
                assertEquals(len + 49, bare.length(), where);
                assertEquals(struct, CephxCrypto.decryptBare(key, usage, bare).get(), where);
                Bytes prefixed = sealer.prefixed(key, usage, struct);
                assertEquals(struct, CephxCrypto.decrypt(key, usage, new DencReader(prefixed)).get(), where);
                byte[] flipped = bare.toByteArray();
                flipped[rnd.nextInt(flipped.length)] ^= (byte) (1 << rnd.nextInt(8));
                assertTrue(CephxCrypto.decryptBare(key, usage, Bytes.wrap(flipped)).isLeft(), where);
                KeyUsage wrong = KeyUsage.values()[(usage.ordinal() + 1) % KeyUsage.values().length];
                assertTrue(CephxCrypto.decryptBare(key, wrong, bare).isLeft(), where);
                assertTrue(CephxCrypto.decryptBare(other, usage, bare).isLeft(), where);
            }
        }
        // the same plaintext twice: unrelated ciphertexts (fresh confounders)
        Bytes a = sealer.bare(key, KeyUsage.AUTHORIZE, Bytes.zeros(18));
        Bytes b = sealer.bare(key, KeyUsage.AUTHORIZE, Bytes.zeros(18));
        assertTrue(a.u8(0) != b.u8(0) || !a.slice(0, 16).equals(b.slice(0, 16)));
    }

    @Test
    void shortOrHostileInputIsAnErrorValue() {
        CryptoKey key = CryptoKey.random(CryptoKey.TYPE_AES256K, Entropy.seeded(1), UTime.ZERO).key();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int len = 0; len < 200; len++) {
            byte[] junk = new byte[len];
            rnd.nextBytes(junk);
            assertTrue(CephxCrypto.decryptBare(key, KeyUsage.TICKET_INFO, Bytes.wrap(junk)).isLeft());
        }
    }

    @Test
    void theTentacleProofVector() {
        CryptoKey k = CryptoKey.fromBase64("AgCb8gZrxw3YGSAAs/JO6MkxryhJodutbMeCh/UR+wGjldGyzYrFUU6cfK8=").orElseThrow();
        assertEquals(CryptoKey.TYPE_AES256K, k.type());
        assertEquals(Bytes.fromHex("b3f24ee8c931af2849a1dbad6cc78287f511fb01a395d1b2cd8ac5514e9c7caf"), k.secret());
        assertEquals(0x4c99c3eb5ca0d11bL, Authenticate.proof(k, 0x2b17dcc3aade8a83L, 0xc9256b95cae1f886L));
    }
}
