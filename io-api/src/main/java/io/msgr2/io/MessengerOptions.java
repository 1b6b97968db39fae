package io.msgr2.io;

import io.msgr2.codec.Limits;
import io.msgr2.spec.auth.AuthConfig;
import io.msgr2.spec.conn.Timing;
import io.msgr2.spec.session.Policy;
import io.msgr2.spec.wire.Banner;
import io.msgr2.spec.wire.CephFeatures;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * How a {@link Msgr2Messenger} behaves. Build with {@code MessengerOptions.builder()}; only
 * the name and the auth methods are required, everything else has Ceph's default.
 */
@Value.Immutable
@Value.Style(typeImmutable = "Immutable*",
        allowedClasspathAnnotations = Override.class) // no @Generated from a module users need not have
@SuppressWarnings("exports") // immutables' annotations are for the build only (class retention)
public interface MessengerOptions {
    static ImmutableMessengerOptions.Builder builder() {
        return ImmutableMessengerOptions.builder();
    }

    /** Our entity name, e.g. {@code client.admin}. */
    EntityName name();

    /** The number our IDENT frames carry ({@code -1}: none yet, as a new client). */
    @Value.Default
    default long gid() {
        return -1;
    }

    /** Auth methods and connection modes, as a client and as a server. */
    AuthConfig auth();

    /** The policy toward each peer type; others get {@link #defaultPolicy()}. */
    Map<EntityType, Policy> policies();

    @Value.Default
    default Policy defaultPolicy() {
        return Policy.LOSSY_CLIENT;
    }

    /** Our banner: Pacific's by default; without REVISION_1 the connection uses msgr2.0 framing. */
    @Value.Default
    default Banner banner() {
        return Banner.PACIFIC;
    }

    @Value.Default
    default long supportedFeatures() {
        return CephFeatures.PACIFIC_SUPPORTED;
    }

    @Value.Default
    default long requiredFeatures() {
        return 0;
    }

    /**
     * Optimistic pipelining when dialling (not Ceph's behaviour, off by default): banner, HELLO
     * and the first AUTH_REQUEST in one flight, one round trip less to a msgr2.1 peer.
     */
    @Value.Default
    default boolean pipelining() {
        return false;
    }

    /** On-wire compression (off by default: no COMPRESSION bit, as Pacific). */
    @Value.Default
    default io.msgr2.spec.conn.Compression compression() {
        return io.msgr2.spec.conn.Compression.OFF;
    }

    /** Backoff and handshake timeout (Ceph's defaults: 0.2 s to 15 s, 10 s). */
    @Value.Default
    default Timing timing() {
        return Timing.CEPH_DEFAULTS;
    }

    /** What a peer may make us buffer per frame (16 MiB control/front/middle, 64 MiB data). */
    @Value.Default
    default Limits limits() {
        return Limits.DEFAULT;
    }

    /** How long a TCP connect may take. */
    @Value.Default
    default Duration connectTimeout() {
        return Duration.ofSeconds(5);
    }

    /**
     * The address a server announces instead of the one it binds (a proxy or NAT in front of
     * it): peers dial it, and CLIENT_IDENT must name it.
     */
    Optional<java.net.InetSocketAddress> advertise();

    /** The address nonce we announce (a mon uses 0; daemons use a random one). */
    Optional<Integer> nonce();

    /**
     * What carries the TCP connections ({@code BlockingStack}, {@code NettyStack}); when absent,
     * the stack on the classpath ({@link NetworkStack#discover}).
     */
    Optional<NetworkStack> stack();

    /**
     * The outbox bound: how many bytes of messages a connection may hold that were given to
     * {@link Msgr2Connection#send} and not yet written to its socket (queued while the session
     * is not READY, or waiting for the writer). Beyond it, {@code send} waits and
     * {@code trySend} refuses (see {@link Msgr2Connection#send}). 64 MiB by default.
     */
    @Value.Default
    default long outboxLimit() {
        return 64L << 20;
    }

    /**
     * Whether a delivered message's segments are the application's to keep ({@link
     * ReceiveBuffers#OWNED}, the default) or valid until {@code onMessage} returns ({@link
     * ReceiveBuffers#LOANED}: the stacks reuse their read and decryption arrays).
     */
    @Value.Default
    default ReceiveBuffers receiveBuffers() {
        return ReceiveBuffers.OWNED;
    }

    /**
     * How many closed connections the messenger keeps for inspection (the spec's
     * {@code Config.closedHistory}); older ones leave it, and their handles answer
     * {@link Msgr2Connection#snapshot} with the state they closed in.
     */
    @Value.Default
    default int closedHistory() {
        return 64;
    }

    /** Receives one line per frame and state change (like Ceph's debug_ms), when given. */
    Optional<Consumer<String>> tracer();
}
