package io.msgr2.spec.conn;

import io.msgr2.spec.wire.CompressionMethod;
import io.msgr2.spec.wire.ConnectionMode;
import io.msgr2.spec.wire.EntityType;
import java.util.List;

/**
 * On-wire compression (Quincy+) as Ceph configures it: whether we advertise the banner's
 * COMPRESSION bit at all (then every connection to a peer that does too runs the
 * COMPRESSION_REQUEST/DONE exchange), and Ceph's options {@code ms_osd_compress_mode}
 * ({@code force}), {@code ms_osd_compression_algorithm} (the methods, in order),
 * {@code ms_osd_compress_min_size} and {@code ms_compress_secure}. As in Ceph, only
 * connections whose peer is an OSD ever compress.
 */
public record Compression(boolean advertise, boolean force, List<CompressionMethod> methods, int minSize,
                          boolean secure) {
    /** No COMPRESSION bit: no exchange, no compression (Pacific's behaviour). */
    public static final Compression OFF = new Compression(false, false, List.of(), 1024, false);
    /** Ceph's defaults since Quincy: the bit is advertised, nothing is compressed ({@code ms_osd_compress_mode=none}). */
    public static final Compression DECLINE = new Compression(true, false, List.of(CompressionMethod.SNAPPY), 1024, false);

    public Compression {
        methods = List.copyOf(methods);
    }

    /** {@code ms_osd_compress_mode=force} with these methods, in order of preference. */
    public static Compression force(List<CompressionMethod> methods) {
        return new Compression(true, true, methods, 1024, true);
    }

    public Compression withMinSize(int bytes) {
        return new Compression(advertise, force, methods, bytes, secure);
    }

    public Compression withSecure(boolean compressSecure) {
        return new Compression(advertise, force, methods, minSize, compressSecure);
    }

    /** {@code CompressorRegistry::get_mode}: whether this side compresses with a peer of {@code peer}. */
    public boolean mode(EntityType peer, ConnectionMode connectionMode) {
        return force && peer.equals(EntityType.OSD) && (secure || !connectionMode.equals(ConnectionMode.SECURE));
    }

    /** {@code get_methods}: our list toward an OSD, nothing toward anyone else. */
    public List<CompressionMethod> methodsFor(EntityType peer) {
        return peer.equals(EntityType.OSD) ? methods : List.of();
    }
}
