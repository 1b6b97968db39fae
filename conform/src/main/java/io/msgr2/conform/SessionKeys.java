package io.msgr2.conform;

import io.msgr2.spec.wire.Bytes;
import java.util.List;

/**
 * What a conversation's keys turned out to be: the session key (AUTH_SIGNATURE's HMAC key)
 * and the connection secret (secure mode's stream keys; empty in crc mode), with notes on
 * where each came from.
 */
public record SessionKeys(Bytes sessionKey, Bytes connectionSecret, List<String> notes) {}
