/**
 * Bytes to frames and back (banner, preamble, segments, epilogues, CRC32C, AES-GCM, on-wire
 * compression, every tag's payload) and the sans-IO connection endpoint every transport shares.
 */
@SuppressWarnings({"module", "requires-automatic"}) // "msgr2" ends in a digit; immutables' annotations have an automatic module name
module io.msgr2.codec {
    requires transitive io.msgr2.spec;
    uses io.msgr2.codec.compress.OnWireCompressor;
    requires static org.immutables.value.annotations;

    exports io.msgr2.codec;
    exports io.msgr2.codec.compress;
    exports io.msgr2.codec.endpoint;
    exports io.msgr2.codec.frame;
    exports io.msgr2.codec.payload;
}
