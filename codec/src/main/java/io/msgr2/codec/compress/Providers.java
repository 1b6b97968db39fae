package io.msgr2.codec.compress;

import java.util.List;
import java.util.ServiceLoader;

/** The {@link OnWireCompressor}s found once on the class or module path. */
final class Providers {
    static final List<OnWireCompressor> ALL = ServiceLoader
            .load(OnWireCompressor.class, OnWireCompressor.class.getClassLoader()).stream()
            .map(ServiceLoader.Provider::get).toList();

    private Providers() {
    }
}
