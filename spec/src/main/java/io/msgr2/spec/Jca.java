package io.msgr2.spec;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * The JDK's crypto engines, one per algorithm per thread, because looking one up
 * ({@code Cipher.getInstance}) costs more than using it for the small inputs of a handshake.
 * Every user initialises the engine with its key before each use and finishes with it before
 * it calls anything else, so an engine never carries state from one use to the next. A cache,
 * nothing more: the results are the JDK's, whatever thread computes them.
 */
public final class Jca {
    private static final ThreadLocal<Map<String, Object>> ENGINES = ThreadLocal.withInitial(HashMap::new);

    private Jca() {}

    /** A {@link Cipher} for {@code transformation} (e.g. {@code AES/CBC/NoPadding}); init it before use. */
    public static Cipher cipher(String transformation) throws GeneralSecurityException {
        Map<String, Object> m = ENGINES.get();
        Object c = m.get(transformation);
        if (c == null) {
            c = Cipher.getInstance(transformation);
            m.put(transformation, c);
        }
        return (Cipher) c;
    }

    /** A {@link Mac} for {@code algorithm} (e.g. {@code HmacSHA256}); init it before use. */
    public static Mac mac(String algorithm) throws GeneralSecurityException {
        Map<String, Object> m = ENGINES.get();
        String k = "mac:" + algorithm;
        Object c = m.get(k);
        if (c == null) {
            c = Mac.getInstance(algorithm);
            m.put(k, c);
        }
        return (Mac) c;
    }
}
