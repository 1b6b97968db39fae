package io.msgr2.spec;

/**
 * Which end of the TCP connection we are: the client connects (Ceph's "connecting" states),
 * the server accepts ("accepting" states). A daemon is a client on the connections it dials.
 */
public enum Role {
    CLIENT,
    SERVER;

    public Role peer() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
