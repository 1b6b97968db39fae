/** Replay and dissection of real captures (stream files and pcaps), and the conformance probe. */
@SuppressWarnings({"module", "requires-automatic"}) // "msgr2" ends in a digit; immutables' annotations have an automatic module name
module io.msgr2.conform {
    requires transitive io.msgr2.codec;
    requires static org.immutables.value.annotations;

    exports io.msgr2.conform;
    exports io.msgr2.conform.pcap;
    exports io.msgr2.conform.probe;
}
