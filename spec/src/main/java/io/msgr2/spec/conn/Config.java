package io.msgr2.spec.conn;

import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.CephFeatures;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import java.util.Map;
import org.immutables.value.Value;

/**
 * What a messenger is and how it behaves, shared by all its connections. Build one with
 * {@code ImmutableConfig.builder()}; everything but the name, the auth methods and the wire
 * image has Ceph's default.
 */
@Value.Immutable
@Value.Style(allowedClasspathAnnotations = Override.class) // no @Generated from a module users need not have
@SuppressWarnings("exports") // immutables' annotations are for the build only (class retention)
public interface Config {
    /** Our entity name (type and id), e.g. {@code client.admin} or {@code osd.3}. */
    EntityName name();

    /** The number of our entity name as IDENT frames carry it ({@code -1}: not assigned yet). */
    @Value.Default
    default long gid() {
        return -1;
    }

    /** The banner we send: Pacific's (msgr2.1, nothing required) unless set otherwise. */
    @Value.Default
    default Banner banner() {
        return Banner.PACIFIC;
    }

    /** CEPH_FEATURE bits we support (IDENT frames). */
    @Value.Default
    default long supportedFeatures() {
        return CephFeatures.PACIFIC_SUPPORTED;
    }

    /** CEPH_FEATURE bits we require of peers (MSG_ADDR2 is always added). */
    @Value.Default
    default long requiredFeatures() {
        return 0;
    }

    AuthConfig auth();

    /**
     * Optimistic pipelining, off by default (Ceph does not do it): when dialling, the client
     * sends its banner, HELLO and first AUTH_REQUEST in one flight, assuming a msgr2.1 peer,
     * which saves a round trip. A peer whose banner lacks msgr2.1 gets a fresh TCP connection
     * without pipelining. A server needs nothing to accept it.
     */
    @Value.Default
    default boolean pipelining() {
        return false;
    }

    /** On-wire compression (off by default: no COMPRESSION bit, as Pacific). */
    @Value.Default
    default Compression compression() {
        return Compression.OFF;
    }

    /** The banner we send: {@link #banner()}, with the COMPRESSION bit when compression is advertised. */
    default Banner wireBanner() {
        return compression().advertise()
                ? new Banner(banner().supported() | io.msgr2.spec.wire.Msgr2Features.COMPRESSION, banner().required())
                : banner();
    }

    /** The policy per peer entity type ({@code Messenger::set_policy}). */
    Map<EntityType, Policy> policies();

    /** The policy for peer types not in {@link #policies()}. */
    @Value.Default
    default Policy defaultPolicy() {
        return Policy.LOSSY_CLIENT;
    }

    @Value.Default
    default Timing timing() {
        return Timing.CEPH_DEFAULTS;
    }

    WireImage wireImage();

    /**
     * How many closed connections a {@link Messenger} keeps for inspection in
     * {@link Messenger#conns()}: the most recently closed ones, 64 unless set. Older closed
     * connections are forgotten entirely, so a long-running messenger's memory does not grow
     * with the number of connections it has seen. 0 keeps none (a connection's record leaves
     * as soon as the call that closed it returns); a negative number is taken as 0.
     */
    @Value.Default
    default int closedHistory() {
        return 64;
    }

    default Policy policyFor(EntityType peer) {
        return policies().getOrDefault(peer, defaultPolicy());
    }

    default long requiredWithAddr2() {
        return requiredFeatures() | CephFeatures.MSG_ADDR2;
    }
}
