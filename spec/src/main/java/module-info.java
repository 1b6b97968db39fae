/**
 * The pure msgr2 core: connection states, frame tags, sessions and the transition function,
 * cephx and auth none, and the messenger that holds many connections. No IO, no clock, no
 * randomness: time and random values arrive as inputs, every output is a returned value.
 */
@SuppressWarnings({"module", "requires-automatic"}) // "msgr2" ends in a digit; immutables' annotations have an automatic module name
module io.msgr2.spec {
    requires transitive io.vavr;
    requires static org.immutables.value.annotations;

    exports io.msgr2.spec;
    exports io.msgr2.spec.auth;
    exports io.msgr2.spec.auth.cephx;
    exports io.msgr2.spec.conn;
    exports io.msgr2.spec.denc;
    exports io.msgr2.spec.frame;
    exports io.msgr2.spec.session;
    exports io.msgr2.spec.wire;

    // the session decision tables, the address order and the state table generator: for the
    // project's own modules and tests, not an API
    exports io.msgr2.spec.internal to io.msgr2.testkit;
}
