package io.msgr2.spec.conn;

import static io.msgr2.spec.frame.Tag.ACK;
import static io.msgr2.spec.frame.Tag.AUTH_BAD_METHOD;
import static io.msgr2.spec.frame.Tag.AUTH_DONE;
import static io.msgr2.spec.frame.Tag.AUTH_REPLY_MORE;
import static io.msgr2.spec.frame.Tag.AUTH_REQUEST;
import static io.msgr2.spec.frame.Tag.AUTH_REQUEST_MORE;
import static io.msgr2.spec.frame.Tag.AUTH_SIGNATURE;
import static io.msgr2.spec.frame.Tag.CLIENT_IDENT;
import static io.msgr2.spec.frame.Tag.HELLO;
import static io.msgr2.spec.frame.Tag.IDENT_MISSING_FEATURES;
import static io.msgr2.spec.frame.Tag.KEEPALIVE2;
import static io.msgr2.spec.frame.Tag.KEEPALIVE2_ACK;
import static io.msgr2.spec.frame.Tag.MESSAGE;
import static io.msgr2.spec.frame.Tag.SERVER_IDENT;
import static io.msgr2.spec.frame.Tag.SESSION_RECONNECT;
import static io.msgr2.spec.frame.Tag.SESSION_RECONNECT_OK;
import static io.msgr2.spec.frame.Tag.SESSION_RESET;
import static io.msgr2.spec.frame.Tag.SESSION_RETRY;
import static io.msgr2.spec.frame.Tag.SESSION_RETRY_GLOBAL;
import static io.msgr2.spec.frame.Tag.WAIT;

import io.msgr2.spec.frame.Tag;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which frame tags each state accepts; any other frame is a fault (Ceph checks the state in
 * every frame handler). This table is data: the state table in docs/state-table.md is
 * generated from it, and a test checks every state x tag pair outside it.
 */
public final class Accepts {
    public static final Map<StateKind, Set<Tag>> ACCEPTED;

    static {
        Map<StateKind, Set<Tag>> m = new EnumMap<>(StateKind.class);
        for (StateKind k : StateKind.values()) {
            m.put(k, EnumSet.noneOf(Tag.class));
        }
        m.put(StateKind.HELLO_CONNECTING, EnumSet.of(HELLO));
        m.put(StateKind.AUTH_CONNECTING, EnumSet.of(AUTH_BAD_METHOD, AUTH_REPLY_MORE, AUTH_DONE));
        m.put(StateKind.AUTH_CONNECTING_SIGN, EnumSet.of(AUTH_SIGNATURE));
        m.put(StateKind.COMPRESSION_CONNECTING, EnumSet.of(Tag.COMPRESSION_DONE));
        m.put(StateKind.COMPRESSION_ACCEPTING, EnumSet.of(Tag.COMPRESSION_REQUEST));
        m.put(StateKind.SESSION_CONNECTING, EnumSet.of(SERVER_IDENT, IDENT_MISSING_FEATURES, WAIT));
        m.put(StateKind.SESSION_RECONNECTING,
                EnumSet.of(SESSION_RECONNECT_OK, SESSION_RETRY, SESSION_RETRY_GLOBAL, SESSION_RESET, WAIT));
        m.put(StateKind.HELLO_ACCEPTING, EnumSet.of(HELLO));
        m.put(StateKind.AUTH_ACCEPTING, EnumSet.of(AUTH_REQUEST));
        m.put(StateKind.AUTH_ACCEPTING_MORE, EnumSet.of(AUTH_REQUEST_MORE));
        m.put(StateKind.AUTH_ACCEPTING_SIGN, EnumSet.of(AUTH_SIGNATURE));
        m.put(StateKind.SESSION_ACCEPTING, EnumSet.of(CLIENT_IDENT, SESSION_RECONNECT));
        m.put(StateKind.READY, EnumSet.of(MESSAGE, ACK, KEEPALIVE2, KEEPALIVE2_ACK));
        m.replaceAll((k, v) -> Collections.unmodifiableSet(v));
        ACCEPTED = Collections.unmodifiableMap(m);
    }

    private Accepts() {}

    public static boolean accepts(StateKind k, Tag t) {
        return ACCEPTED.get(k).contains(t);
    }

    /** States that hold a TCP connection and read frames (the others have nothing to read from). */
    public static boolean reads(StateKind k) {
        return k != StateKind.START_CONNECT && k != StateKind.STANDBY && k != StateKind.WAIT
                && k != StateKind.CLOSED;
    }
}
