package io.msgr2.spec.conn;

import io.msgr2.spec.wire.Bytes;
import io.vavr.collection.Vector;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The exact bytes this side sent and received on this TCP connection before authentication
 * completed: what AUTH_SIGNATURE signs. Recording starts with the banner and stops right
 * after AUTH_DONE (received by the client, sent by the server), in both directions.
 * Each side signs what it received and checks the peer's signature against what it sent.
 */
public record Transcript(Vector<Bytes> sent, Vector<Bytes> received, boolean recording) {
    public static final Transcript EMPTY = new Transcript(Vector.empty(), Vector.empty(), true);

    public Transcript onSent(Bytes b) {
        return recording ? new Transcript(sent.append(b), received, true) : this;
    }

    public Transcript onReceived(Bytes b) {
        return recording ? new Transcript(sent, received.append(b), true) : this;
    }

    public Transcript stop() {
        return new Transcript(sent, received, false);
    }

    /** HMAC-SHA256 of what we received (our AUTH_SIGNATURE); 32 zero bytes without a key. */
    public Bytes signReceived(Bytes sessionKey) {
        return hmac(sessionKey, received);
    }

    /** HMAC-SHA256 of what we sent (the peer's AUTH_SIGNATURE must equal it). */
    public Bytes signSent(Bytes sessionKey) {
        return hmac(sessionKey, sent);
    }

    private static Bytes hmac(Bytes key, Vector<Bytes> parts) {
        if (key.isEmpty()) {
            return Bytes.zeros(32);
        }
        try {
            Mac mac = io.msgr2.spec.Jca.mac("HmacSHA256");
            mac.init(new SecretKeySpec(key.toByteArray(), "HmacSHA256"));
            for (Bytes p : parts) {
                mac.update(p.unsafeArray(), p.unsafeOffset(), p.length());
            }
            return Bytes.wrap(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "Transcript[sent=" + sent.map(Bytes::length).sum() + "B, received=" + received.map(Bytes::length).sum()
                + "B, recording=" + recording + "]";
    }
}
