package io.msgr2.spec.frame;

/**
 * A decoded msgr2 frame: one record per tag, its fields in wire order and named as Ceph
 * names them. Records know nothing of bytes; the codec module encodes and decodes them.
 */
public sealed interface Frame
        permits Hello, AuthRequest, AuthBadMethod, AuthReplyMore, AuthRequestMore, AuthDone, AuthSignature,
        ClientIdent, ServerIdent, IdentMissingFeatures, SessionReconnect, SessionReset, SessionRetry,
        SessionRetryGlobal, SessionReconnectOk, Wait, Message, Keepalive2, Keepalive2Ack, Ack,
        CompressionRequest, CompressionDone {

    Tag tag();
}
