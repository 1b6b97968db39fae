package io.msgr2.codec;

import io.msgr2.spec.frame.Tag;
import io.msgr2.spec.wire.Bytes;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The exact bytes one side sent and received before authentication completed: what
 * AUTH_SIGNATURE signs.
 *
 * <p>Recording starts with the first byte of the connection (the banner) and covers whole
 * frames as they were on the wire (crc framing: the pre-auth frames are never encrypted).
 * It stops, in both directions and for both roles, right after AUTH_DONE: the client after
 * receiving it, the server after sending it, so AUTH_DONE is the last recorded frame and no
 * AUTH_SIGNATURE is ever recorded (Ceph: {@code pre_auth.enabled} is cleared in
 * {@code handle_auth_done} and {@code finish_auth}).
 *
 * <p>Each side sends {@code HMAC-SHA256(session key, received)} and checks the peer's
 * signature against {@code HMAC-SHA256(session key, sent)}. Without a session key (auth
 * none) both signatures are 32 zero bytes.
 */
public final class PreAuthTranscript {
    private final List<Bytes> sent = new ArrayList<>();
    private final List<Bytes> received = new ArrayList<>();
    private long sentLength;
    private long receivedLength;

    /** An empty transcript, for one connection's pre-auth frames. */
    public PreAuthTranscript() {
    }
    private boolean recording = true;

    public boolean recording() {
        return recording;
    }

    /** Records bytes we sent: the banner ({@code tag} empty) or a whole frame. */
    public void onSent(java.util.Optional<Tag> tag, Bytes wire) {
        if (recording) {
            sent.add(wire);
            sentLength += wire.length();
            stopAfter(tag);
        }
    }

    /** Records bytes we received: the banner ({@code tag} empty) or a whole frame. */
    public void onReceived(java.util.Optional<Tag> tag, Bytes wire) {
        if (recording) {
            received.add(wire);
            receivedLength += wire.length();
            stopAfter(tag);
        }
    }

    private void stopAfter(java.util.Optional<Tag> tag) {
        if (tag.isPresent() && tag.get() == Tag.AUTH_DONE) {
            recording = false;
        }
    }

    public long sentLength() {
        return sentLength;
    }

    public long receivedLength() {
        return receivedLength;
    }

    public Bytes sentBytes() {
        return Bytes.concat(sent.toArray(Bytes[]::new));
    }

    public Bytes receivedBytes() {
        return Bytes.concat(received.toArray(Bytes[]::new));
    }

    /** What we put in our AUTH_SIGNATURE: HMAC over what we received, or zeros without a key. */
    public Bytes ourSignature(Bytes sessionKey) {
        return hmac(sessionKey, received);
    }

    /** What the peer's AUTH_SIGNATURE must be: HMAC over what we sent, or zeros without a key. */
    public Bytes expectedPeerSignature(Bytes sessionKey) {
        return hmac(sessionKey, sent);
    }

    /** HMAC-SHA256 over the concatenation of {@code parts}; 32 zero bytes for an empty key. */
    public static Bytes hmac(Bytes key, List<Bytes> parts) {
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
}
