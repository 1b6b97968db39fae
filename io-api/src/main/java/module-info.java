/**
 * The messenger for applications: {@code Msgr2Messenger}, its connections and listener, and the
 * {@code NetworkStack} service that io-blocking and io-netty provide.
 */
@SuppressWarnings({"module", "requires-automatic"}) // "msgr2" ends in a digit; immutables' annotations have an automatic module name
module io.msgr2.io {
    requires transitive io.msgr2.codec;
    requires static org.immutables.value.annotations;

    exports io.msgr2.io;

    uses io.msgr2.io.NetworkStack.Provider;
}
