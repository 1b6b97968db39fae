/**
 * The Netty transport: epoll where the OS has it (on the module path, add the module
 * {@code io.netty.transport.epoll.linux.x86_64} or its kind for your platform), NIO elsewhere.
 */
@SuppressWarnings("module") // "msgr2" ends in a digit
module io.msgr2.io.netty {
    requires transitive io.msgr2.io;
    requires io.netty.buffer;
    requires io.netty.common;
    requires transitive io.netty.transport; // NettyStack takes an EventLoopGroup
    requires io.netty.transport.classes.epoll;

    exports io.msgr2.io.netty;

    provides io.msgr2.io.NetworkStack.Provider with io.msgr2.io.netty.NettyStack.Provider;
}
