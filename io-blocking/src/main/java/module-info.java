/** The java.net transport: a thread reads each TCP connection, the caller's thread writes. */
@SuppressWarnings("module") // "msgr2" ends in a digit
module io.msgr2.io.blocking {
    requires transitive io.msgr2.io;

    exports io.msgr2.io.blocking;

    provides io.msgr2.io.NetworkStack.Provider with io.msgr2.io.blocking.BlockingStack.Provider;
}
