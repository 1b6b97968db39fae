package io.msgr2.spec.wire;

import java.util.Objects;

/**
 * {@code entity_addr_t}: an address type (v1, v2, any), a nonce that tells two incarnations
 * of a daemon apart, and a socket address.
 */
public record EntityAddr(AddrType type, int nonce, SockAddr addr) {
    public static final EntityAddr BLANK = new EntityAddr(AddrType.NONE, 0, new SockAddr.Blank());

    public EntityAddr {
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(addr, "addr is null");
    }

    /** A msgr2 address ({@code v2:ip:port/nonce}) on IPv4. */
    public static EntityAddr v2(SockAddr.Inet4 addr, int nonce) {
        return new EntityAddr(AddrType.MSGR2, nonce, addr);
    }

    public boolean isBlank() {
        return addr instanceof SockAddr.Blank;
    }

    public long nonceUnsigned() {
        return Integer.toUnsignedLong(nonce);
    }

    /** The same address with another nonce. */
    public EntityAddr withNonce(int newNonce) {
        return new EntityAddr(type, newNonce, addr);
    }

    /** Ceph's spelling: {@code v2:127.0.0.1:3300/0}. */
    @Override
    public String toString() {
        return type.cephName() + ":" + addr + "/" + nonceUnsigned();
    }
}
